from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from gusp.core.pages import form_page

from .. import services
from ..forms import FigureForm, TerritoryForm
from ..models import Residence, Territory, TerritoryFigure
from ..perms import can_coordinate
from .common import coordinated_charter


@login_not_required
def territory_detail(request, pk):
    territory = get_object_or_404(
        Territory.objects.reachable_by(request.user).select_related("charter"), pk=pk
    )
    residences = territory.residences.live().select_related("landlord").order_by("name")
    editable_ids = set(
        Residence.objects.editable_by(request.user).filter(territory=territory).values_list("pk", flat=True)
    )
    context = {
        "territory": territory,
        "figures": territory.figures.live(),
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
        title=f"Modifier le quartier {territory.name} — {charter.commune}"
        if pk
        else f"Nouveau quartier — {charter.commune}",
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


@require_http_methods(["GET", "POST"])
def figure_edit(request, pk, figure_pk):
    territory = get_object_or_404(Territory.objects.editable_by(request.user), pk=pk)
    figure = get_object_or_404(TerritoryFigure.objects.live(), territory=territory, pk=figure_pk)
    form = FigureForm(request.POST or None, instance=figure, territory=territory)
    return form_page(
        request,
        form,
        lambda f: f.save(),
        title=f"Modifier la donnée — {territory.name}",
        success_url=territory.get_absolute_url(),
        back_url=territory.get_absolute_url(),
        success_message="La donnée a été enregistrée.",
    )
