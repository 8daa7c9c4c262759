from django.contrib.auth.decorators import login_not_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from charter.models import Charter

from .models import Committee


@login_not_required
def committee_list(request, slug):
    charter = get_object_or_404(Charter.objects.visible_to(request.user), slug=slug)
    committees = (
        charter.committees.select_related("theme", "parent")
        .annotate(member_count=Count("members"))
        .order_by("kind", "name")
    )
    return render(request, "governance/committee_list.html", {"charter": charter, "committees": committees})


def committee_detail(request, pk):
    committee = get_object_or_404(
        Committee.objects.select_related("charter", "theme").filter(
            charter__in=Charter.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    members = committee.members.select_related("organisation")
    return render(request, "governance/committee_detail.html", {"committee": committee, "members": members})
