"""What the surveys show on a charter's page (`settings.GUSP_TEMPLATE_SLOTS["charter_links"]`)."""

from django.urls import reverse
from django.utils.html import format_html

from charter.perms import is_member


def charter_links(context, charter) -> str:
    request = context.get("request")
    if request is None or not is_member(request.user, charter.pk):
        return ""
    return format_html(
        '<a href="{}">Enquêtes de satisfaction</a>', reverse("diagnostics:survey_list", args=[charter.slug])
    )
