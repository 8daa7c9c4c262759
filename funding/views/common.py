from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from charter.models import Charter


def member_charter(request, slug: str) -> Charter:
    """A charter the user takes part in (404 otherwise: funding is not public)."""
    return get_object_or_404(
        Charter.objects.member_of(request.user).prefetch_related("amendments"), slug=slug
    )


def query_without(request, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def refused(message: str) -> HttpResponse:
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
