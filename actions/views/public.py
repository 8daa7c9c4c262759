from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, render

from charter.models import Territory

from ..models import Action, ProjectSheet


@login_not_required
def territory_sheets(request, pk):
    """Published projects of one quarter: title, goals, progress and finished actions, nothing else."""
    territory = get_object_or_404(Territory.objects.visible_to(request.user).select_related("charter"), pk=pk)
    sheets = (
        ProjectSheet.objects.live()
        .filter(is_published=True, charter__is_published=True)
        .for_territory(territory)
        .with_progress()
        .order_by("number")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.public()
                .filter(Q(territory=territory) | Q(territory__isnull=True))
                .order_by("-due_on"),
                to_attr="done",
            )
        )
    )
    return render(request, "actions/territory_sheets.html", {"territory": territory, "sheets": sheets})
