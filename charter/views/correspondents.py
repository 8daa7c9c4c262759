from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gusp.core.pages import form_page

from ..forms import CorrespondentForm
from ..models import Charter, Correspondent
from ..perms import can_add_correspondent, can_coordinate


def correspondent_list(request, slug):
    charter = get_object_or_404(Charter.objects.member_of(request.user), slug=slug)
    correspondents = charter.correspondents.live().select_related("organisation")
    return render(
        request,
        "charter/correspondent_list.html",
        {
            "charter": charter,
            "correspondents": correspondents,
            "can_coordinate": can_coordinate(request.user, charter),
        },
    )


@require_http_methods(["GET", "POST"])
def correspondent_edit(request, slug, pk=None):
    charter = get_object_or_404(Charter.objects.member_of(request.user), slug=slug)
    coordinator = can_coordinate(request.user, charter)
    if pk:
        correspondent = get_object_or_404(
            Correspondent.objects.editable_by(request.user), charter=charter, pk=pk
        )
    else:
        correspondent = None
        if not can_add_correspondent(request.user, charter):
            raise PermissionDenied
    organisation = None if coordinator else request.user.organisation
    form = CorrespondentForm(
        request.POST or None, instance=correspondent, charter=charter, organisation=organisation
    )
    back = reverse("charter:correspondent_list", args=[charter.slug])
    return form_page(
        request,
        form,
        lambda f: f.save(),
        title=f"Modifier le correspondant {correspondent.full_name} — {charter.commune}"
        if correspondent
        else f"Nouveau correspondant GUSP — {charter.commune}",
        success_url=back,
        back_url=back,
        success_message="Le correspondant a été enregistré.",
    )
