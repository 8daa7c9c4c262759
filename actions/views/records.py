"""Editing, from their pages, the records of the action plan that had no edit page: schedule steps
(marking one done), indicators, measurements and journal entries. Removing them is the charter's archive
(`charter.views.archive`): nothing is deleted."""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods

from charter.models import Residence
from charter.querysets import in_coordinated_charters
from gusp.core.pages import form_page

from ..forms import IndicatorForm, InterventionForm, MeasurementForm, MilestoneForm
from ..models import Action, Indicator, Intervention, Measurement, Milestone, ProjectSheet
from ..perms import loggable_residences


@require_http_methods(["GET", "POST"])
def milestone_edit(request, pk):
    """A step of a sheet's schedule, for those who edit the sheet (its coordinator or lead's referent)."""
    milestone = get_object_or_404(
        Milestone.objects.filter(
            archived_at__isnull=True, sheet__in=ProjectSheet.objects.editable_by(request.user).values("pk")
        ).select_related("sheet"),
        pk=pk,
    )
    sheet = milestone.sheet
    form = MilestoneForm(request.POST or None, instance=milestone, sheet=sheet)
    return form_page(
        request,
        form,
        lambda f: f.save(),
        title=f"Étape de l'échéancier — {sheet}",
        success_url=sheet.get_absolute_url(),
        back_url=sheet.get_absolute_url(),
        success_message="L'étape a été enregistrée.",
    )


@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk):
    indicator = get_object_or_404(
        Indicator.objects.editable_by(request.user).select_related("charter"), pk=pk
    )
    form = IndicatorForm(request.POST or None, instance=indicator, charter=indicator.charter)
    return form_page(
        request,
        form,
        lambda f: f.save(),
        title=f"Modifier l'indicateur « {indicator.name} »",
        success_url=indicator.get_absolute_url(),
        back_url=indicator.get_absolute_url(),
        success_message="L'indicateur a été enregistré.",
    )


@require_http_methods(["GET", "POST"])
def measurement_edit(request, pk):
    measurement = get_object_or_404(
        Measurement.objects.filter(
            archived_at__isnull=True,
            indicator__in=Indicator.objects.editable_by(request.user).values("pk"),
        ).select_related("indicator__charter"),
        pk=pk,
    )
    indicator = measurement.indicator
    form = MeasurementForm(request.POST or None, instance=measurement, indicator=indicator)
    return form_page(
        request,
        form,
        lambda f: f.save(),
        title=f"Modifier la mesure — {indicator.name}",
        success_url=indicator.get_absolute_url(),
        back_url=indicator.get_absolute_url(),
        success_message="La mesure a été enregistrée.",
    )


@require_http_methods(["GET", "POST"])
def intervention_edit(request, pk):
    """A journal entry, corrected by its author or by the charter's coordinator (its files stay)."""
    if not request.user.is_authenticated:
        editable = Intervention.objects.none()
    else:
        editable = Intervention.objects.live().filter(
            in_coordinated_charters(request.user, "action__sheet__charter")
            | Q(author=request.user, action__in=Action.objects.loggable_by(request.user).values("pk"))
        )
    intervention = get_object_or_404(editable.select_related("action__sheet__charter", "residence"), pk=pk)
    action = intervention.action
    # The residences an entry may name, and the one it names (kept even if it is no longer among them).
    allowed = loggable_residences(request.user, action).values("pk")
    residences = Residence.objects.filter(Q(pk__in=allowed) | Q(pk=intervention.residence_id)).select_related(
        "territory", "landlord"
    )
    form = InterventionForm(request.POST or None, instance=intervention, residences=residences)
    del form.fields["files"]
    return form_page(
        request,
        form,
        lambda f: f.save(),
        title=f"Modifier l'entrée du journal — {action.title}",
        success_url=action.get_absolute_url(),
        back_url=action.get_absolute_url(),
        success_message="L'entrée du journal a été enregistrée.",
    )
