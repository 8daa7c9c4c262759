"""What funding shows on the pages of the apps below it (`settings.GUSP_TEMPLATE_SLOTS`, rendered by
`{% slot %}` of gusp.core): the budget flags of a sheet, and links to the funding pages."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html

from charter.perms import is_member

from .templatetags.funding import funding_badges


def sheet_badges(context, sheet) -> str:
    return render_to_string("funding/includes/budget_badges.html", funding_badges(context, sheet))


def _member(context, charter_id) -> bool:
    request = context.get("request")
    return request is not None and is_member(request.user, charter_id)


def charter_links(context, charter) -> str:
    if not _member(context, charter.pk):
        return ""
    return format_html('<a href="{}">Financements</a>', reverse("funding:table", args=[charter.slug]))


def sheet_links(context, sheet) -> str:
    if not _member(context, sheet.charter_id):
        return ""
    return format_html(
        '<a href="{}">Financement de la fiche</a>', reverse("funding:sheet_budget", args=[sheet.pk])
    )
