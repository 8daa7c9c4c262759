from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Sum
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from . import services
from .filters import ResidenceFilter
from .forms import (
    AmendmentForm,
    CharterForm,
    CorrespondentForm,
    FigureForm,
    LandlordResidenceForm,
    OrientationForm,
    ReferenceForm,
    ResidenceForm,
    SignatureForm,
    TerritoryForm,
    ThemeForm,
)
from .models import (
    Amendment,
    Charter,
    Correspondent,
    Organisation,
    Orientation,
    Residence,
    Signature,
    Territory,
    Theme,
)
from .perms import can_coordinate, is_member
from .shortcuts import form_page


def coordinated_charter(request, slug) -> Charter:
    """The charter, if the user coordinates it; 404 if they cannot see it, 403 if they only read it."""
    charter = get_object_or_404(Charter.objects.visible_to(request.user), slug=slug)
    if not can_coordinate(request.user, charter):
        raise PermissionDenied
    return charter


# Charters ------------------------------------------------------------------------------------------


@login_not_required
def charter_list(request):
    charters = (
        Charter.objects.visible_to(request.user)
        .annotate(territory_count=Count("territories", distinct=True))
        .order_by("-starts_on", "title")
    )
    return render(request, "charter/charter_list.html", {"charters": charters})


@login_not_required
def charter_detail(request, slug):
    charter = get_object_or_404(Charter.objects.visible_to(request.user), slug=slug)
    member = is_member(request.user, charter.pk)
    territories = (
        Territory.objects.visible_to(request.user)
        .filter(charter=charter)
        .annotate(residence_count=Count("residences"), dwelling_count=Sum("residences__dwellings"))
    )
    context = {
        "charter": charter,
        "is_member": member,
        "can_coordinate": can_coordinate(request.user, charter),
        "territories": territories,
        "signatures": charter.signatures.select_related("organisation"),
        "references": charter.references.all(),
        "amendments": charter.amendments.all(),
        "themes": charter.themes.prefetch_related("sub_themes"),
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
        back_url=charter.get_absolute_url(),
        success_message="La charte a été enregistrée.",
    )


@require_http_methods(["GET", "POST"])
def amendment_edit(request, slug, pk=None):
    charter = coordinated_charter(request, slug)
    amendment = get_object_or_404(Amendment, charter=charter, pk=pk) if pk else None
    form = AmendmentForm(request.POST or None, instance=amendment, charter=charter)

    def save(f):
        f.save()
        return charter

    return form_page(
        request,
        form,
        save,
        title="Avenant à la charte",
        back_url=charter.get_absolute_url(),
        success_message="L'avenant a été enregistré.",
    )


@require_http_methods(["GET", "POST"])
def reference_create(request, slug):
    charter = coordinated_charter(request, slug)
    form = ReferenceForm(request.POST or None)

    def save(f):
        f.instance.charter = charter
        f.save()
        return charter

    return form_page(
        request,
        form,
        save,
        title="Ajouter un document visé",
        back_url=charter.get_absolute_url(),
        success_message="Le document visé a été ajouté.",
    )


@require_http_methods(["GET", "POST"])
def signature_edit(request, slug, pk=None):
    charter = coordinated_charter(request, slug)
    signature = get_object_or_404(Signature, charter=charter, pk=pk) if pk else None
    form = SignatureForm(request.POST or None, instance=signature, charter=charter)

    def save(f):
        services.save_signature(signature=f.save(commit=False))
        return charter

    return form_page(
        request,
        form,
        save,
        title="Signature de la charte",
        back_url=charter.get_absolute_url(),
        success_message="La signature a été enregistrée.",
    )


# Territories ---------------------------------------------------------------------------------------


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

    def save(f):
        obj = f.save(commit=False)
        if not obj.slug:
            obj.slug = services.unique_slug(Territory, obj.name, charter=charter)
        obj.save()
        return obj

    return form_page(
        request,
        form,
        save,
        title="Quartier",
        back_url=charter.get_absolute_url(),
        success_message="Le quartier a été enregistré.",
    )


@require_http_methods(["GET", "POST"])
def figure_create(request, pk):
    territory = get_object_or_404(Territory.objects.editable_by(request.user), pk=pk)
    form = FigureForm(request.POST or None, territory=territory)

    def save(f):
        f.save()
        return territory

    return form_page(
        request,
        form,
        save,
        title=f"Donnée socio-économique — {territory.name}",
        back_url=territory.get_absolute_url(),
        success_message="La donnée a été enregistrée.",
    )


# Residences ----------------------------------------------------------------------------------------


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
    residence = get_object_or_404(Residence.objects.visible_to(request.user).with_related(), pk=pk)
    can_edit = Residence.objects.editable_by(request.user).filter(pk=pk).exists()
    correspondents = []
    if is_member(request.user, residence.territory.charter_id):
        correspondents = Correspondent.objects.filter(
            charter=residence.territory.charter_id, organisation=residence.landlord_id
        )
    return render(
        request,
        "charter/residence_detail.html",
        {"residence": residence, "can_edit": can_edit, "correspondents": correspondents},
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
        back_url=charter.get_absolute_url(),
        success_message="La résidence a été créée.",
    )


def residence_history(request, pk):
    residence = get_object_or_404(Residence.objects.visible_to(request.user), pk=pk)
    if not is_member(request.user, residence.territory.charter_id):
        raise PermissionDenied
    records = residence.history.select_related("history_user").order_by("-history_date")
    changes = []
    previous = None
    for record in reversed(list(records)):
        delta = record.diff_against(previous).changes if previous else []
        changes.append({"record": record, "delta": delta})
        previous = record
    changes.reverse()
    fields = {f.name: f.verbose_name for f in Residence._meta.fields}
    return render(
        request,
        "charter/residence_history.html",
        {"residence": residence, "changes": changes, "field_names": fields},
    )


# Themes and orientations ---------------------------------------------------------------------------


@login_not_required
def theme_list(request, slug):
    charter = get_object_or_404(Charter.objects.visible_to(request.user), slug=slug)
    themes = charter.themes.prefetch_related(
        "sub_themes",
        Prefetch(
            "orientations",
            queryset=Orientation.objects.select_related("sub_theme").order_by("sub_theme_id", "order", "pk"),
        ),
    )
    return render(
        request,
        "charter/theme_list.html",
        {"charter": charter, "themes": themes, "can_coordinate": can_coordinate(request.user, charter)},
    )


@require_http_methods(["GET", "POST"])
def theme_edit(request, pk):
    theme = get_object_or_404(Theme, pk=pk, charter__in=Charter.objects.coordinated_by(request.user))
    form = ThemeForm(request.POST or None, instance=theme)
    back = reverse("charter:theme_list", args=[theme.charter.slug])

    def save(f):
        f.save()
        return theme.charter

    return form_page(
        request,
        form,
        save,
        title="Thème prioritaire",
        back_url=back,
        success_message="Le thème a été enregistré.",
    )


@require_http_methods(["GET", "POST"])
def orientation_edit(request, theme_pk, pk=None):
    theme = get_object_or_404(
        Theme.objects.select_related("charter"),
        pk=theme_pk,
        charter__in=Charter.objects.coordinated_by(request.user),
    )
    orientation = get_object_or_404(Orientation, theme=theme, pk=pk) if pk else None
    form = OrientationForm(request.POST or None, instance=orientation, theme=theme)
    back = reverse("charter:theme_list", args=[theme.charter.slug])

    def save(f):
        f.save()
        return None

    return form_page(
        request,
        form,
        save,
        title=f"Orientation opérationnelle — {theme.title}",
        back_url=back,
        success_message="L'orientation a été enregistrée.",
    )


# Correspondents ------------------------------------------------------------------------------------


def correspondent_list(request, slug):
    charter = get_object_or_404(Charter.objects.member_of(request.user), slug=slug)
    correspondents = charter.correspondents.select_related("organisation")
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
        if not (coordinator or request.user.is_referent):
            raise PermissionDenied
    organisation = None if coordinator else request.user.organisation
    form = CorrespondentForm(
        request.POST or None, instance=correspondent, charter=charter, organisation=organisation
    )
    back = reverse("charter:correspondent_list", args=[charter.slug])

    def save(f):
        f.save()
        return None

    return form_page(
        request,
        form,
        save,
        title="Correspondant GUSP",
        back_url=back,
        success_message="Le correspondant a été enregistré.",
    )


# Organisations -------------------------------------------------------------------------------------


def organisation_list(request):
    organisations = Organisation.objects.visible_to(request.user).with_counts(request.user)
    return render(request, "charter/organisation_list.html", {"organisations": organisations})


@login_not_required
def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), slug=slug)
    residences = Residence.objects.visible_to(request.user).of_landlord(organisation).with_related()
    signatures = Signature.objects.filter(
        organisation=organisation, charter__in=Charter.objects.visible_to(request.user)
    ).select_related("charter")
    return render(
        request,
        "charter/organisation_detail.html",
        {
            "organisation": organisation,
            "residences": residences,
            "signatures": signatures,
        },
    )
