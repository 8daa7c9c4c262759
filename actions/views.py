from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render

from charter.models import Charter

from .models import ProjectSheet


@login_not_required
def sheet_list(request, slug):
    """The charter's project sheets, grouped by theme and sub-theme."""
    charter = get_object_or_404(Charter.objects.visible_to(request.user), slug=slug)
    sheets = (
        ProjectSheet.objects.visible_to(request.user)
        .filter(charter=charter)
        .select_related("theme", "sub_theme")
        .order_by("theme__code", "number")
    )
    return render(request, "actions/sheet_list.html", {"charter": charter, "sheets": sheets})
