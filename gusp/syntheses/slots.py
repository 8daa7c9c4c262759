"""What the syntheses add to the pages of the apps below (`settings.GUSP_TEMPLATE_SLOTS`): the link of a
charter's page, the syntheses prepared for a meeting on the meeting's page."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html

from charter.perms import is_member

from .models import Synthesis
from .templatetags.syntheses import meeting_syntheses


def charter_links(context, charter) -> str:
    """The partners go to the history (and ask for a synthesis); the public to the published versions,
    when there are any."""
    request = context.get("request")
    if request is not None and is_member(request.user, charter.pk):
        return format_html(
            '<a href="{}">Synthèses PDF</a>', reverse("syntheses:history", args=[charter.slug])
        )
    if charter.is_published and Synthesis.objects.published().filter(charter=charter).exists():
        return format_html(
            '<a href="{}">Synthèses publiées</a>', reverse("syntheses:published_list", args=[charter.slug])
        )
    return ""


def meeting_documents(context, meeting) -> str:
    """The syntheses made for a meeting (automatically before a steering committee), for its partners."""
    return render_to_string(
        "syntheses/includes/meeting_syntheses.html",
        meeting_syntheses(context, meeting),
        request=context.get("request"),
    )
