from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ..models import Charter
from ..perms import can_coordinate


def coordinated_charter(request, slug) -> Charter:
    """The charter, if the user coordinates it; 404 if they cannot see it, 403 if they only read it."""
    charter = get_object_or_404(Charter.objects.visible_to(request.user), slug=slug)
    if not can_coordinate(request.user, charter):
        raise PermissionDenied
    return charter
