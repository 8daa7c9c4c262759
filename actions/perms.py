"""Permission rules of the action plan (deny by default). Who edits a sheet or an action is derived from
its `lead` (and for logging, its `partners`) in the querysets, not granted through django-guardian: the
relations already hold that state, grants would duplicate it.

- the charter's coordinator edits every sheet, action and indicator of the charter;
- a referent edits the sheets and actions their organisation leads, logs on those it leads or joins, and
  for a landlord only on the landlord's own residences;
- indicators are measured by the coordinator, and by whoever edits an action that feeds them.
"""

from django.db.models import Q

from charter.models import Residence
from charter.perms import can_coordinate

from .models import Action, Indicator, ProjectSheet


def can_edit_sheet(user, sheet: ProjectSheet) -> bool:
    return ProjectSheet.objects.editable_by(user).filter(pk=sheet.pk).exists()


def can_edit_action(user, action: Action) -> bool:
    return Action.objects.editable_by(user).filter(pk=action.pk).exists()


def can_log(user, action: Action) -> bool:
    return Action.objects.loggable_by(user).filter(pk=action.pk).exists()


def loggable_residences(user, action: Action):
    """Residences an entry may name: the action's (or its quarter's, or its charter's) residences, and for
    a landlord's referent only those of their landlord."""
    residences = Residence.objects.live().select_related("territory", "landlord")
    if action.residences.exists():
        residences = residences.filter(actions=action)
    elif action.territory_id:
        residences = residences.filter(territory=action.territory_id)
    else:
        residences = residences.filter(territory__charter=action.sheet.charter_id)
    if (
        not can_coordinate(user, action.sheet.charter_id)
        and user.organisation
        and user.organisation.is_landlord
    ):
        residences = residences.filter(landlord=user.organisation)
    return residences.order_by("territory__name", "name")


def measurable_indicators(user):
    """The coordinator's indicators, and those fed by an action the user may edit (never an archived one)."""
    return (
        Indicator.objects.live()
        .filter(
            Q(pk__in=Indicator.objects.editable_by(user).values("pk"))
            | Q(actions__in=Action.objects.editable_by(user).values("pk"))
        )
        .distinct()
    )


def can_measure(user, indicator: Indicator) -> bool:
    return measurable_indicators(user).filter(pk=indicator.pk).exists()
