from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from gusp.core.history import timeline
from gusp.core.pages import form_page

from .. import services
from ..filters import ResidenceFilter
from ..forms import LandlordResidenceForm, ResidenceForm
from ..models import Correspondent, Residence
from ..perms import can_coordinate, is_member
from .common import coordinated_charter

RESIDENCES_PER_PAGE = 100


def residence_list(request):
    visible = Residence.objects.visible_to(request.user).with_related()
    residence_filter = ResidenceFilter(request.GET, queryset=visible, request=request)
    residences = residence_filter.qs
    page = Paginator(residences, RESIDENCES_PER_PAGE).get_page(request.GET.get("page"))
    editable_ids = set(
        Residence.objects.editable_by(request.user)
        .filter(pk__in=[r.pk for r in page])
        .values_list("pk", flat=True)
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": residence_filter,
        "page": page,
        "query": query.urlencode(),
        "editable_ids": editable_ids,
        "total_dwellings": residences.total_dwellings(),
    }
    return render(request, "charter/residence_list.html", context)


@login_not_required
def residence_detail(request, pk):
    residence = get_object_or_404(Residence.objects.reachable_by(request.user).with_related(), pk=pk)
    can_edit = Residence.objects.editable_by(request.user).filter(pk=pk).exists()
    correspondents = []
    if is_member(request.user, residence.territory.charter_id):
        correspondents = Correspondent.objects.live().filter(
            charter=residence.territory.charter_id, organisation=residence.landlord_id
        )
    return render(
        request,
        "charter/residence_detail.html",
        {
            "residence": residence,
            "can_edit": can_edit,
            "correspondents": correspondents,
            "can_coordinate": can_coordinate(request.user, residence.territory.charter_id),
        },
    )


@require_http_methods(["GET", "POST"])
def residence_edit(request, pk):
    residence = get_object_or_404(Residence.objects.editable_by(request.user).with_related(), pk=pk)
    charter = residence.territory.charter
    if can_coordinate(request.user, charter):
        form = ResidenceForm(request.POST or None, instance=residence, charter=charter)
    else:
        form = LandlordResidenceForm(request.POST or None, instance=residence)
    return form_page(
        request,
        form,
        lambda f: services.save_residence(residence=f.save(commit=False)),
        title=f"Modifier la résidence « {residence.name} »",
        success_url=lambda saved: saved.get_absolute_url(),
        back_url=residence.get_absolute_url(),
        success_message="La résidence a été enregistrée.",
    )


@require_http_methods(["GET", "POST"])
def residence_create(request, slug):
    charter = coordinated_charter(request, slug)
    form = ResidenceForm(request.POST or None, charter=charter)
    return form_page(
        request,
        form,
        lambda f: services.save_residence(residence=f.save(commit=False)),
        title="Nouvelle résidence",
        success_url=lambda saved: saved.get_absolute_url(),
        back_url=charter.get_absolute_url(),
        success_message="La résidence a été créée.",
    )


def residence_history(request, pk):
    """Who changed what and when, in words (field labels, names of quarters and landlords)."""
    residence = get_object_or_404(Residence.objects.visible_to(request.user), pk=pk)
    if not is_member(request.user, residence.territory.charter_id):
        raise PermissionDenied
    return render(
        request,
        "charter/residence_history.html",
        {"residence": residence, "changes": timeline(residence)},
    )
