"""What diagnostics shows on the pages of the apps below it (`settings.GUSP_TEMPLATE_SLOTS`)."""

from django.urls import reverse
from django.utils.html import format_html_join

from charter.perms import is_member


def charter_links(context, charter) -> str:
    request = context.get("request")
    links = []
    if request is not None and is_member(request.user, charter.pk):
        links.append((reverse("diagnostics:home", args=[charter.slug]), "Diagnostics et constats"))
    links.append((reverse("diagnostics:map", args=[charter.slug]), "Carte des quartiers"))
    if charter.is_published:
        links.append((reverse("diagnostics:report", args=[charter.slug]), "Signaler un dysfonctionnement"))
    return format_html_join(" ", '<a href="{}">{}</a>', links)
