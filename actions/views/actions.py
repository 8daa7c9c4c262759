from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from charter.perms import can_coordinate, is_member
from gusp.core.pages import form_page

from .. import services
from ..charts import line_chart
from ..forms import ActionForm
from ..models import Action, Measurement, ProjectSheet
from ..perms import can_edit_action, can_log

JOURNAL_LENGTH = 30


def _save(request):
    def save(f):
        return services.save_action(
            action=f.save(commit=False),
            author=request.user,
            partners=f.cleaned_data["partners"],
            residences=f.cleaned_data["residences"],
            indicators=f.cleaned_data["indicators"],
        )

    return save


@require_http_methods(["GET", "POST"])
def action_create(request, pk):
    sheet = get_object_or_404(ProjectSheet.objects.editable_by(request.user).select_related("charter"), pk=pk)
    coordinator = can_coordinate(request.user, sheet.charter)
    form = ActionForm(
        request.POST or None,
        sheet=sheet,
        lead_locked=not coordinator,
        initial=None if coordinator else {"lead": request.user.organisation_id},
    )
    return form_page(
        request,
        form,
        _save(request),
        title=f"Nouvelle action — {sheet}",
        success_url=lambda saved: saved.get_absolute_url(),
        back_url=sheet.get_absolute_url(),
        success_message="L'action a été créée.",
    )


@require_http_methods(["GET", "POST"])
def action_edit(request, pk):
    action = get_object_or_404(
        Action.objects.editable_by(request.user).select_related("sheet__charter"), pk=pk
    )
    coordinator = can_coordinate(request.user, action.sheet.charter)
    form = ActionForm(request.POST or None, instance=action, sheet=action.sheet, lead_locked=not coordinator)
    return form_page(
        request,
        form,
        _save(request),
        title=f"Modifier l'action « {action.title} »",
        success_url=lambda saved: saved.get_absolute_url(),
        back_url=action.get_absolute_url(),
        success_message="L'action a été enregistrée.",
    )


def action_detail(request, pk):
    """An action's dashboard: its indicators as charts and its journal."""
    today = timezone.localdate()
    action = get_object_or_404(
        Action.objects.reachable_by(request.user)
        .with_related()
        .with_lateness(today)
        .select_related("sheet__charter"),
        pk=pk,
    )
    if not is_member(request.user, action.sheet.charter_id):
        raise Http404
    indicators = action.indicators.filter(archived_at__isnull=True).prefetch_related(
        Prefetch(
            "measurements",
            queryset=Measurement.objects.filter(archived_at__isnull=True).select_related("territory"),
        )
    )
    journal = (
        action.interventions.filter(archived_at__isnull=True)
        .select_related("author", "organisation", "residence__landlord")
        .prefetch_related("attachments")[:JOURNAL_LENGTH]
    )
    context = {
        "action": action,
        "partners": action.partners.all(),
        "residences": action.residences.select_related("landlord"),
        "charts": [
            (indicator, line_chart(indicator, indicator.measurements.all())) for indicator in indicators
        ],
        "journal": journal,
        "can_edit": can_edit_action(request.user, action),
        "can_log": can_log(request.user, action),
        "can_coordinate": can_coordinate(request.user, action.sheet.charter_id),
    }
    return render(request, "actions/action_detail.html", context)
