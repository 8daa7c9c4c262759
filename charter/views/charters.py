from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, Sum
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from gusp.core.pages import form_page

from .. import services
from ..forms import AmendmentForm, CharterFigureForm, CharterForm, ReferenceForm, SignatureForm
from ..models import Amendment, Charter, CharterFigure, CharterReference, Signature, SubTheme, Territory
from ..perms import can_coordinate, is_member
from .common import coordinated_charter

CHARTERS_PER_PAGE = 50


@login_not_required
def charter_list(request):
    charters = Charter.objects.visible_to(request.user).order_by("-starts_on", "title", "pk")
    page = Paginator(charters, CHARTERS_PER_PAGE).get_page(request.GET.get("page"))
    counts = dict(
        Territory.objects.live()
        .filter(charter__in=[c.pk for c in page])
        .order_by()
        .values_list("charter")
        .annotate(n=Count("pk"))
    )
    for charter in page:
        charter.territory_count = counts.get(charter.pk, 0)
    return render(request, "charter/charter_list.html", {"page": page, "charters": page, "query": ""})


@login_not_required
def charter_detail(request, slug):
    charter = get_object_or_404(Charter.objects.visible_to(request.user), slug=slug)
    territories = (
        Territory.objects.visible_to(request.user)
        .filter(charter=charter)
        .annotate(
            residence_count=Count("residences", filter=Q(residences__archived_at__isnull=True)),
            dwelling_count=Sum("residences__dwellings", filter=Q(residences__archived_at__isnull=True)),
        )
    )
    context = {
        "charter": charter,
        "is_member": is_member(request.user, charter.pk),
        "can_coordinate": can_coordinate(request.user, charter),
        "territories": territories,
        "signatures": charter.signatures.select_related("organisation"),
        "references": charter.references.live(),
        "amendments": charter.amendments.all(),
        "themes": charter.themes.live().prefetch_related(
            Prefetch("sub_themes", queryset=SubTheme.objects.live())
        ),
        "figures": charter.figures.live(),
    }
    return render(request, "charter/charter_detail.html", context)


@require_http_methods(["GET", "POST"])
def charter_edit(request, slug):
    charter = coordinated_charter(request, slug)
    form = CharterForm(request.POST or None, instance=charter)
    return form_page(
        request,
        form,
        lambda f: f.save(),
        title=f"Modifier la charte « {charter.title} »",
        success_url=charter.get_absolute_url(),
        back_url=charter.get_absolute_url(),
        success_message="La charte a été enregistrée.",
    )


@require_http_methods(["GET", "POST"])
def amendment_edit(request, slug, pk=None):
    charter = coordinated_charter(request, slug)
    amendment = get_object_or_404(Amendment, charter=charter, pk=pk) if pk else None
    form = AmendmentForm(request.POST or None, instance=amendment, charter=charter)
    return form_page(
        request,
        form,
        lambda f: f.save(),
        title=f"Modifier l'avenant n°{amendment.number} — {charter.commune}"
        if amendment
        else f"Nouvel avenant — {charter.commune}",
        success_url=charter.get_absolute_url(),
        back_url=charter.get_absolute_url(),
        success_message="L'avenant a été enregistré.",
    )


@require_http_methods(["GET", "POST"])
def reference_create(request, slug):
    charter = coordinated_charter(request, slug)
    form = ReferenceForm(request.POST or None, charter=charter)
    return form_page(
        request,
        form,
        lambda f: f.save(),
        title="Ajouter un document visé",
        success_url=charter.get_absolute_url(),
        back_url=charter.get_absolute_url(),
        success_message="Le document visé a été ajouté.",
    )


@require_http_methods(["GET", "POST"])
def signature_edit(request, slug, pk=None):
    charter = coordinated_charter(request, slug)
    signature = get_object_or_404(Signature, charter=charter, pk=pk) if pk else None
    form = SignatureForm(request.POST or None, instance=signature, charter=charter)
    return form_page(
        request,
        form,
        lambda f: services.save_signature(signature=f.save(commit=False)),
        title=f"Modifier la signature de {signature.organisation} — {charter.commune}"
        if signature
        else f"Nouvelle signature — {charter.commune}",
        success_url=charter.get_absolute_url(),
        back_url=charter.get_absolute_url(),
        success_message="La signature a été enregistrée.",
    )


@require_http_methods(["GET", "POST"])
def reference_edit(request, slug, pk):
    charter = coordinated_charter(request, slug)
    reference = get_object_or_404(CharterReference.objects.live(), charter=charter, pk=pk)
    form = ReferenceForm(request.POST or None, instance=reference, charter=charter)
    return form_page(
        request,
        form,
        lambda f: f.save(),
        title="Modifier le document visé",
        success_url=charter.get_absolute_url(),
        back_url=charter.get_absolute_url(),
        success_message="Le document visé a été enregistré.",
    )


@require_http_methods(["GET", "POST"])
def charter_figure_edit(request, slug, pk=None):
    """A figure of the whole commune or perimeter (Annex 2), added or edited from the charter's page."""
    charter = coordinated_charter(request, slug)
    figure = get_object_or_404(CharterFigure.objects.live(), charter=charter, pk=pk) if pk else None
    form = CharterFigureForm(request.POST or None, instance=figure, charter=charter)
    back = f"{charter.get_absolute_url()}#donnees-commune"
    return form_page(
        request,
        form,
        lambda f: f.save(),
        title=f"Modifier la donnée de la commune — {charter.commune}"
        if figure
        else f"Nouvelle donnée de la commune — {charter.commune}",
        success_url=back,
        back_url=back,
        success_message="La donnée a été enregistrée.",
    )
