"""The syntheses of a meeting on its page (governance/templates/governance/meeting_detail.html), without the
governance app importing this one:

    {% load syntheses %}
    {% meeting_syntheses meeting %}

Shown to the partners of the meeting's charter only; one query."""

from django import template
from django.urls import reverse

from charter.perms import is_member
from governance.choices import CommitteeKind

from .. import services
from ..models import Synthesis

register = template.Library()


@register.inclusion_tag("syntheses/includes/meeting_syntheses.html", takes_context=True)
def meeting_syntheses(context, meeting):
    request = context.get("request")
    user = getattr(request, "user", None)
    charter = meeting.committee.charter
    if user is None or not user.is_authenticated or not is_member(user, charter.pk):
        return {"show": False}
    syntheses = list(
        Synthesis.objects.for_meeting(meeting)
        .select_related("charter", "theme", "territory", "job")
        .order_by("theme__code", "territory__name", "pk")
    )
    steering = meeting.committee.kind == CommitteeKind.STEERING
    return {
        "show": steering or bool(syntheses),
        "syntheses": syntheses,
        "days_before": services.days_before_steering() if steering and not meeting.is_cancelled else 0,
        "history_url": reverse("syntheses:history", args=[charter.slug]) + f"?reunion={meeting.pk}",
    }
