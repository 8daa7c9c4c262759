from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from gusp.core.pages import form_page

from .. import services
from ..forms import FigureForm, TerritoryForm
from ..models import Residence, Territory
from ..perms import can_coordinate
from .common import coordinated_charter


@login_not_required
def territory_detail(request, pk):
    territory = get_object_or_404(Territory.objects.visible_to(request.user).select_related("charter"), pk=pk)
    residences = territory.residences.select_related("landlord").order_by("name")
    editable_ids = set(
        Residence.objects.editable_by(request.user).filter(territory=territory).values_list("pk", flat=True)
    )
    context = {
        "territory": territory,
        "figures": territory.figures.all(),
        "residences": residences,
        "editable_ids": editable_ids,
        "can_coordinate": can_coordinate(request.user, territory.charter),
        "dwellings": residences.total_dwellings(),
    }
    return render(request, "charter/territory_detail.html", context)


@require_http_methods(["GET", "POST"])
def territory_edit(request, slug=None, pk=None):
    if pk:
        territory = get_object_or_404(Territory.objects.editable_by(request.user), pk=pk)
        charter = territory.charter
    else:
        charter = coordinated_charter(request, slug)
        territory = Territory(charter=charter)
    form = TerritoryForm(request.POST or None, instance=territory)
    return form_page(
        request,
        form,
        lambda f: services.save_territory(territory=f.save(commit=False)),
        title="Quartier",
        success_url=lambda saved: saved.get_absolute_url(),
        back_url=charter.get_absolute_url(),
        success_message="Le quartier a été enregistré.",
    )


@require_http_methods(["GET", "POST"])
def figure_create(request, pk):
    territory = get_object_or_404(Territory.objects.editable_by(request.user), pk=pk)
    form = FigureForm(request.POST or None, territory=territory)
    return form_page(
        request,
        form,
        lambda f: f.save(),
        title=f"Donnée socio-économique — {territory.name}",
        success_url=territory.get_absolute_url(),
        back_url=territory.get_absolute_url(),
        success_message="La donnée a été enregistrée.",
    )
