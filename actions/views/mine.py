"""« Mes actions »: what a referent's organisation has to do in the action plan, with a direct way to log
what was done on each action."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from charter.models import Charter

from ..models import Action

ACTIONS_PER_PAGE = 30


def my_actions(request):
    """The actions the user's organisation leads or joins, in the charters it takes part in (those on which
    the user may log an intervention), open ones first. Everyone logged in may open the page: a user without
    an organisation, or a committee member, finds it empty and is told why."""
    user = request.user
    actions = Action.objects.none()
    if user.organisation_id:
        actions = (
            Action.objects.loggable_by(user)
            .of_organisation(user.organisation_id)
            .with_related()
            .with_lateness(timezone.localdate())
            .open_first()
        )
    page = Paginator(actions, ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "actions": page.object_list,
        # The findings routed to the organisation are treated from each charter's to-do list.
        "charters": Charter.objects.member_of(user).order_by("-starts_on", "title"),
    }
    return render(request, "actions/my_actions.html", context)
