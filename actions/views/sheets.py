from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from charter.models import Charter
from charter.perms import can_coordinate, is_member
from gusp.core.history import describe_changes
from gusp.core.pages import form_page

from .. import services
from ..charts import line_chart
from ..forms import MilestoneForm, SheetForm
from ..models import Action, Indicator, Intervention, Measurement, ProjectSheet
from ..perms import can_edit_sheet

JOURNAL_LENGTH = 30


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
    context = {
        "charter": charter,
        "sheets": sheets,
        "can_coordinate": can_coordinate(request.user, charter),
        "is_member": is_member(request.user, charter.pk),
    }
    return render(request, "actions/sheet_list.html", context)


@login_not_required
def sheet_detail(request, pk):
    """A sheet's dashboard for the charter's partners; its public summary for everyone else."""
    sheet = get_object_or_404(
        ProjectSheet.objects.reachable_by(request.user)
        .with_progress()
        .select_related("charter", "theme", "sub_theme", "lead"),
        pk=pk,
    )
    today = timezone.localdate()
    if not is_member(request.user, sheet.charter_id):
        finished = Action.objects.public().filter(sheet=sheet).select_related("territory").order_by("-due_on")
        return render(request, "actions/sheet_public.html", {"sheet": sheet, "finished_actions": finished})

    actions = (
        sheet.actions.filter(archived_at__isnull=True)
        .with_related()
        .with_lateness(today)
        .prefetch_related("partners")
        .order_by("due_on", "pk")
    )
    indicators = (
        Indicator.objects.filter(
            Q(actions__sheet=sheet), archived_at__isnull=True, actions__archived_at__isnull=True
        )
        .distinct()
        .prefetch_related(
            Prefetch(
                "measurements",
                queryset=Measurement.objects.filter(archived_at__isnull=True).select_related("territory"),
            )
        )
    )
    journal = (
        Intervention.objects.filter(
            action__sheet=sheet, archived_at__isnull=True, action__archived_at__isnull=True
        )
        .select_related("action", "author", "organisation", "residence__landlord")
        .prefetch_related("attachments")[:JOURNAL_LENGTH]
    )
    context = {
        "sheet": sheet,
        "territories": sheet.territories.all(),
        "partners": sheet.partners.all(),
        "orientations": sheet.orientations.live().select_related("theme").order_by("theme__code", "order"),
        "milestones": sheet.milestones.filter(archived_at__isnull=True),
        "actions": actions,
        "charts": [
            (indicator, line_chart(indicator, indicator.measurements.all())) for indicator in indicators
        ],
        "journal": journal,
        "can_edit": can_edit_sheet(request.user, sheet),
        "can_coordinate": can_coordinate(request.user, sheet.charter),
        "sheet_list_url": reverse("actions:sheet_list", args=[sheet.charter.slug]),
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
    coordinator = can_coordinate(request.user, charter)
    form = SheetForm(request.POST or None, instance=sheet, charter=charter, coordinator=coordinator)

    def save(f):
        return services.save_sheet(
            sheet=f.save(commit=False),
            territories=f.cleaned_data["territories"],
            partners=f.cleaned_data["partners"],
            orientations=f.cleaned_data["orientations"],
        )

    return form_page(
        request,
        form,
        save,
        title=f"Modifier la fiche n°{sheet.number} — {sheet.title}"
        if sheet
        else f"Nouvelle fiche projet — {charter.commune}",
        success_url=lambda saved: saved.get_absolute_url(),
        back_url=sheet.get_absolute_url() if sheet else reverse("actions:sheet_list", args=[charter.slug]),
        success_message="La fiche projet a été enregistrée.",
    )


@require_http_methods(["GET", "POST"])
def milestone_create(request, pk):
    sheet = get_object_or_404(ProjectSheet.objects.editable_by(request.user), pk=pk)
    form = MilestoneForm(request.POST or None, sheet=sheet)
    return form_page(
        request,
        form,
        lambda f: f.save(),
        title=f"Étape de l'échéancier — {sheet}",
        success_url=sheet.get_absolute_url(),
        back_url=sheet.get_absolute_url(),
        success_message="L'étape a été ajoutée à l'échéancier.",
    )


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
        changes = describe_changes(ProjectSheet, newer.diff_against(older).changes)
    return render(
        request,
        "actions/sheet_history.html",
        {"sheet": sheet, "versions": versions, "newer": newer, "older": older, "changes": changes},
    )
