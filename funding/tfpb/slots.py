"""What the TFPB programmes show on a charter's page (`settings.GUSP_TEMPLATE_SLOTS["charter_links"]`): the
programmes for its partners, the published reports for everybody."""

from django.urls import reverse
from django.utils.html import format_html

from charter.perms import is_member

from .models import TfpbReport


def charter_links(context, charter) -> str:
    request = context.get("request")
    if request is not None and is_member(request.user, charter.pk):
        return format_html(
            '<a href="{}">Abattement de TFPB : programmes des bailleurs</a>',
            reverse("funding:tfpb_home", args=[charter.slug]),
        )
    if (
        charter.is_published
        and TfpbReport.objects.public().filter(quarter__convention__charter=charter).exists()
    ):
        return format_html(
            '<a href="{}">Bilans de l\'abattement de TFPB</a>',
            reverse("funding:tfpb_public_list", args=[charter.slug]),
        )
    return ""
