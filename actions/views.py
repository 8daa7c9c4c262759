import tablib
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from charter.models import Charter, Residence, Territory
from charter.perms import can_coordinate, is_member
from charter.shortcuts import form_page

from . import services
from .charts import line_chart
from .filters import ActionPlanFilter
from .forms import ActionForm, IndicatorForm, InterventionForm, MeasurementForm, MilestoneForm, SheetForm
from .models import (
    Action,
    ActionStatus,
    Attachment,
    Indicator,
    Intervention,
    Measurement,
    ProjectSheet,
)

JOURNAL_LENGTH = 30


# Project sheets ------------------------------------------------------------------------------------


@login_not_required
def sheet_list(request, slug):
    """The charter's project sheets, grouped by theme and sub-theme, with their derived progress."""
    charter = get_object_or_404(Charter.objects.visible_to(request.user), slug=slug)
    sheets = (
        ProjectSheet.objects.visible_to(request.user)
        .filter(charter=charter)
        .with_progress()
        .select_related("theme", "sub_theme", "lead")
        .order_by("theme__code", "number")
    )
    return render(request, "actions/sheet_list.html", {
        "charter": charter, "sheets": sheets, "can_coordinate": can_coordinate(request.user, charter),
        "is_member": is_member(request.user, charter.pk),
    })  # fmt: skip


@login_not_required
def sheet_detail(request, pk):
    """A sheet's dashboard for the charter's partners; its public summary for everyone else."""
    sheet = get_object_or_404(
        ProjectSheet.objects.visible_to(request.user)
        .with_progress()
        .select_related("charter", "theme", "sub_theme", "lead"),
        pk=pk,
    )
    today = timezone.localdate()
    if not is_member(request.user, sheet.charter_id):
        finished = Action.objects.public().filter(sheet=sheet).select_related("territory").order_by("-due_on")
        return render(request, "actions/sheet_public.html", {"sheet": sheet, "finished_actions": finished})

    actions = (
        sheet.actions.with_related()
        .with_lateness(today)
        .prefetch_related("partners")
        .order_by("due_on", "pk")
    )
    indicators = (
        Indicator.objects.filter(Q(actions__sheet=sheet))
        .distinct()
        .prefetch_related(Prefetch("measurements", queryset=Measurement.objects.select_related("territory")))
    )
    journal = (
        Intervention.objects.filter(action__sheet=sheet)
        .select_related("action", "author", "organisation", "residence__landlord")
        .prefetch_related("attachments")[:JOURNAL_LENGTH]
    )
    context = {
        "sheet": sheet,
        "territories": sheet.territories.all(),
        "partners": sheet.partners.all(),
        "milestones": sheet.milestones.all(),
        "actions": actions,
        "charts": [
            (indicator, line_chart(indicator, indicator.measurements.all())) for indicator in indicators
        ],
        "journal": journal,
        "can_edit": ProjectSheet.objects.editable_by(request.user).filter(pk=pk).exists(),
        "can_coordinate": can_coordinate(request.user, sheet.charter),
        "today": today,
    }
    return render(request, "actions/sheet_detail.html", context)


@require_http_methods(["GET", "POST"])
def sheet_edit(request, slug=None, pk=None):
    if pk:
        sheet = get_object_or_404(
            ProjectSheet.objects.editable_by(request.user).select_related("charter"), pk=pk
        )
        charter = sheet.charter
    else:
        charter = get_object_or_404(Charter.objects.visible_to(request.user), slug=slug)
        if not can_coordinate(request.user, charter):
            raise PermissionDenied
        sheet = None
    form = SheetForm(
        request.POST or None,
        instance=sheet,
        charter=charter,
        coordinator=can_coordinate(request.user, charter),
    )
    return form_page(
        request, form, lambda f: f.save(), title=str(sheet) if sheet else "Nouvelle fiche projet",
        back_url=sheet.get_absolute_url() if sheet else reverse("actions:sheet_list", args=[charter.slug]),
        success_message="La fiche projet a été enregistrée.",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def milestone_create(request, pk):
    sheet = get_object_or_404(ProjectSheet.objects.editable_by(request.user), pk=pk)
    form = MilestoneForm(request.POST or None)

    def save(f):
        f.instance.sheet = sheet
        f.save()
        return sheet

    return form_page(
        request, form, save, title=f"Étape de l'échéancier — {sheet}", back_url=sheet.get_absolute_url(),
        success_message="L'étape a été ajoutée à l'échéancier.",
    )  # fmt: skip


def sheet_history(request, pk):
    """Earlier versions of a sheet (who changed what, when), and the difference between two of them."""
    sheet = get_object_or_404(ProjectSheet.objects.visible_to(request.user), pk=pk)
    if not is_member(request.user, sheet.charter_id):
        raise Http404
    versions = list(sheet.history.select_related("history_user").order_by("-history_date", "-history_id"))
    by_id = {str(v.history_id): v for v in versions}
    newer = by_id.get(request.GET.get("b")) or (versions[0] if versions else None)
    older = by_id.get(request.GET.get("a")) or (versions[1] if len(versions) > 1 else None)
    changes = []
    if newer and older and newer.history_id != older.history_id:
        if older.history_date > newer.history_date:
            older, newer = newer, older
        changes = describe_changes(newer.diff_against(older).changes)
    return render(
        request,
        "actions/sheet_history.html",
        {"sheet": sheet, "versions": versions, "newer": newer, "older": older, "changes": changes},
    )


def describe_changes(changes) -> list[dict]:
    """Sheet field changes in words: labels, names instead of ids (foreign keys and many-to-many), choices
    and booleans in French."""
    meta = ProjectSheet._meta
    wanted = {}  # related model -> ids to name
    for change in changes:
        field = meta.get_field(change.field)
        if field.is_relation:
            key = field.related_model._meta.model_name
            for value in (change.old, change.new):
                ids = [row[key] for row in value] if field.many_to_many else [value]
                wanted.setdefault(field.related_model, set()).update(i for i in ids if i is not None)
    names = {model: {o.pk: str(o) for o in model.objects.filter(pk__in=ids)} for model, ids in wanted.items()}

    def words(field, value):
        if field.many_to_many:
            key = field.related_model._meta.model_name
            return ", ".join(sorted(names[field.related_model].get(row[key], "?") for row in value))
        if field.is_relation:
            return names[field.related_model].get(value, "") if value is not None else ""
        if field.choices:
            return dict(field.choices).get(value, value)
        if isinstance(value, bool):
            return "oui" if value else "non"
        return "" if value is None else value

    described = []
    for change in changes:
        field = meta.get_field(change.field)
        described.append(
            {"field": field.verbose_name, "old": words(field, change.old), "new": words(field, change.new)}
        )
    return described


# Actions -------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def action_create(request, pk):
    sheet = get_object_or_404(ProjectSheet.objects.editable_by(request.user).select_related("charter"), pk=pk)
    coordinator = can_coordinate(request.user, sheet.charter)
    form = ActionForm(
        request.POST or None, sheet=sheet, lead_locked=not coordinator,
        initial=None if coordinator else {"lead": request.user.organisation_id},
    )  # fmt: skip
    if not coordinator:
        form.instance.lead = request.user.organisation
    return form_page(
        request, form, lambda f: f.save(), title=f"Nouvelle action — {sheet}", back_url=sheet.get_absolute_url(),
        success_message="L'action a été créée.",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def action_edit(request, pk):
    action = get_object_or_404(
        Action.objects.editable_by(request.user).select_related("sheet__charter"), pk=pk
    )
    coordinator = can_coordinate(request.user, action.sheet.charter)
    form = ActionForm(request.POST or None, instance=action, sheet=action.sheet, lead_locked=not coordinator)
    return form_page(
        request, form, lambda f: f.save(), title=f"Modifier l'action « {action.title} »",
        back_url=action.get_absolute_url(), success_message="L'action a été enregistrée.",
    )  # fmt: skip


def action_detail(request, pk):
    """An action's dashboard: its indicators as charts and its journal."""
    today = timezone.localdate()
    action = get_object_or_404(
        Action.objects.visible_to(request.user)
        .with_related()
        .with_lateness(today)
        .select_related("sheet__charter"),
        pk=pk,
    )
    if not is_member(request.user, action.sheet.charter_id):
        raise Http404
    indicators = action.indicators.prefetch_related(
        Prefetch("measurements", queryset=Measurement.objects.select_related("territory"))
    )
    journal = action.interventions.select_related(
        "author", "organisation", "residence__landlord"
    ).prefetch_related("attachments")[:JOURNAL_LENGTH]
    context = {
        "action": action,
        "partners": action.partners.all(),
        "residences": action.residences.select_related("landlord"),
        "charts": [
            (indicator, line_chart(indicator, indicator.measurements.all())) for indicator in indicators
        ],
        "journal": journal,
        "can_edit": Action.objects.editable_by(request.user).filter(pk=pk).exists(),
        "can_log": Action.objects.loggable_by(request.user).filter(pk=pk).exists(),
    }
    return render(request, "actions/action_detail.html", context)


def loggable_residences(user, action):
    """Residences an entry may name: the action's (or its quarter's, or its charter's) residences, and for
    a landlord's referent only those of their landlord."""
    residences = Residence.objects.select_related("territory", "landlord")
    if action.residences.exists():
        residences = residences.filter(actions=action)
    elif action.territory_id:
        residences = residences.filter(territory=action.territory_id)
    else:
        residences = residences.filter(territory__charter=action.sheet.charter_id)
    if not can_coordinate(user, action.sheet.charter) and user.organisation and user.organisation.is_landlord:
        residences = residences.filter(landlord=user.organisation)
    return residences.order_by("territory__name", "name")


@require_http_methods(["GET", "POST"])
def intervention_create(request, pk):
    action = get_object_or_404(
        Action.objects.loggable_by(request.user).select_related("sheet__charter"), pk=pk
    )
    form = InterventionForm(
        request.POST or None, request.FILES or None, residences=loggable_residences(request.user, action)
    )

    def save(f):
        data = f.cleaned_data
        services.log_intervention(
            action=action, author=request.user, done_on=data["done_on"], text=data["text"],
            residence=data["residence"], hours=data["hours"], cost=data["cost"], files=data["files"],
        )  # fmt: skip
        return action

    return form_page(
        request, form, save, title=f"Journal — {action.title}", back_url=action.get_absolute_url(),
        success_message="L'intervention a été consignée au journal.", multipart=True,
    )  # fmt: skip


def attachment(request, pk):
    """A journal file, served only to those who may read the journal."""
    item = get_object_or_404(
        Attachment.objects.filter(intervention__in=Intervention.objects.visible_to(request.user)), pk=pk
    )
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("Ce fichier n'est plus disponible.") from missing
    response = FileResponse(
        handle, content_type=item.content_type, as_attachment=not item.is_image, filename=item.original_name
    )
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    )
    return response


# Indicators ----------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def indicator_create(request, slug):
    charter = get_object_or_404(Charter.objects.visible_to(request.user), slug=slug)
    if not can_coordinate(request.user, charter):
        raise PermissionDenied
    form = IndicatorForm(request.POST or None)

    def save(f):
        f.instance.charter = charter
        return f.save()

    return form_page(
        request, form, save, title="Nouvel indicateur", back_url=reverse("actions:plan", args=[charter.slug]),
        success_message="L'indicateur a été créé.",
    )  # fmt: skip


def measurable_indicators(user):
    """The coordinator's indicators, and those fed by an action the user may edit."""
    return Indicator.objects.filter(
        Q(pk__in=Indicator.objects.editable_by(user).values("pk"))
        | Q(actions__in=Action.objects.editable_by(user).values("pk"))
    ).distinct()


@require_http_methods(["GET", "POST"])
def indicator_detail(request, pk):
    indicator = get_object_or_404(Indicator.objects.visible_to(request.user).select_related("charter"), pk=pk)
    can_measure = measurable_indicators(request.user).filter(pk=pk).exists()
    if request.method == "POST" and not can_measure:
        raise PermissionDenied
    form = MeasurementForm(request.POST or None, indicator=indicator) if can_measure else None
    if form is not None and request.method == "POST":
        return form_page(
            request, form,
            lambda f: services.record_measurement(indicator=indicator, author=request.user, **f.cleaned_data),
            title=f"Mesure — {indicator.name}", back_url=indicator.get_absolute_url(),
            success_message="La mesure a été enregistrée.",
        )  # fmt: skip
    measurements = list(indicator.measurements.select_related("territory"))
    return render(request, "actions/indicator_detail.html", {
        "indicator": indicator, "chart": line_chart(indicator, measurements), "measurements": measurements,
        "actions": indicator.actions.select_related("sheet").with_lateness(), "form": form,
    })  # fmt: skip


# Action plan: table, exports, matrix ---------------------------------------------------------------

EXPORT_HEADERS = [
    "Fiche", "Intitulé de la fiche", "Thème", "Sous-thème", "Action", "Porteur", "Quartier", "Début",
    "Échéance", "État", "Avancement (%)", "En retard",
]  # fmt: skip


def filtered_plan(request, charter):
    today = timezone.localdate()
    actions = (
        Action.objects.visible_to(request.user)
        .filter(sheet__charter=charter)
        .with_related()
        .with_lateness(today)
        .order_by("sheet__theme__code", "sheet__number", "due_on", "pk")
    )
    return ActionPlanFilter(request.GET or None, queryset=actions, charter=charter)


ALL_TERRITORIES = "Tous les quartiers"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """A spreadsheet cell that is never read as a formula (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_rows(actions, *, french_dates: bool):
    def day(value):
        return value.strftime("%d/%m/%Y") if french_dates else value

    for a in actions:
        yield [
            cell(v)
            for v in (
                a.sheet.number, a.sheet.title, a.sheet.theme.title, a.sheet.sub_theme.title if a.sheet.sub_theme else "",
                a.title, a.lead.name, a.territory.name if a.territory else ALL_TERRITORIES, day(a.starts_on),
                day(a.due_on), a.get_status_display(), a.progress, "oui" if a.is_late else "non",
            )
        ]  # fmt: skip


def export_response(actions, charter, export: str) -> HttpResponse:
    """The filtered plan as CSV (UTF-8 with BOM, semicolons and French dates, as French spreadsheets expect)
    or XLSX (real dates)."""
    dataset = tablib.Dataset(
        *export_rows(actions, french_dates=export == "csv"), headers=EXPORT_HEADERS, title="Plan d'actions"
    )
    if export == "csv":
        response = HttpResponse(
            "\ufeff" + dataset.export("csv", delimiter=";"), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            dataset.export("xlsx"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="plan-actions-{charter.slug}-{stamp}.{export}"'
    return response


def query_without_export(request) -> str:
    query = request.GET.copy()
    query.pop("export", None)
    return query.urlencode()


def plan(request, slug):
    """The action plan, filtered; `?export=csv` or `?export=xlsx` downloads the same rows in the same order."""
    charter = get_object_or_404(Charter.objects.member_of(request.user), slug=slug)
    plan_filter = filtered_plan(request, charter)
    export = request.GET.get("export")
    if export in {"csv", "xlsx"}:
        if plan_filter.is_bound and not plan_filter.is_valid():
            return HttpResponse(
                "Filtres invalides : corrigez-les sur la page du plan d'actions avant d'exporter.",
                status=400, content_type="text/plain; charset=utf-8",
            )  # fmt: skip
        return export_response(plan_filter.qs, charter, export)
    return render(request, "actions/plan.html", {
        "charter": charter, "filter": plan_filter, "actions": plan_filter.qs, "query": query_without_export(request),
        "can_coordinate": can_coordinate(request.user, charter),
    })  # fmt: skip


def plan_matrix(request, slug):
    """Theme × quarter: number of actions, share finished, late ones — on the same filters as the table."""
    charter = get_object_or_404(Charter.objects.member_of(request.user), slug=slug)
    plan_filter = filtered_plan(request, charter)
    today = timezone.localdate()
    cells = (
        plan_filter.qs.order_by()
        .values("sheet__theme_id", "territory_id")
        .annotate(
            count=Count("pk"),
            finished=Count("pk", filter=Q(status=ActionStatus.FINISHED)),
            late=Count(
                "pk",
                filter=Q(due_on__lt=today) & ~Q(status__in=[ActionStatus.FINISHED, ActionStatus.DROPPED]),
            ),
        )
    )
    by_key = {(c["sheet__theme_id"], c["territory_id"]): c for c in cells}
    themes = list(charter.themes.all())
    territories = list(charter.territories.all())
    columns = [(t.pk, t.name) for t in territories] + [(None, ALL_TERRITORIES)]
    rows = []
    for theme in themes:
        row = []
        for territory_id, _name in columns:
            cell = by_key.get((theme.pk, territory_id))
            if cell:
                cell = dict(cell, share=round(100 * cell["finished"] / cell["count"]))
            row.append(cell)
        rows.append((theme, row))
    return render(request, "actions/plan_matrix.html", {
        "charter": charter, "filter": plan_filter, "columns": columns, "rows": rows,
        "query": query_without_export(request),
    })  # fmt: skip


# Public part ----------------------------------------------------------------------------------------


@login_not_required
def territory_sheets(request, pk):
    """Published projects of one quarter: title, goals, progress and finished actions, nothing else."""
    territory = get_object_or_404(Territory.objects.visible_to(request.user).select_related("charter"), pk=pk)
    sheets = (
        ProjectSheet.objects.filter(is_published=True, charter__is_published=True)
        .for_territory(territory)
        .with_progress()
        .order_by("number")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.public()
                .filter(Q(territory=territory) | Q(territory__isnull=True))
                .order_by("-due_on"),
                to_attr="done",
            )
        )
    )
    return render(request, "actions/territory_sheets.html", {"territory": territory, "sheets": sheets})
