"""Permission rules of walking diagnostics and findings (deny by default), read through the querysets.

- the charter's coordinator plans walks, edits the grid of categories, the routing rules and the Open311
  keys, moderates inhabitants' reports, re-routes, checks and closes findings, treats any of them;
- a partner's referent plans walks too (and edits those they planned), records findings on the walks
  their organisation or they themselves take part in, and treats the findings routed to their
  organisation — never another's (a 404, as if it did not exist);
- a walk's team checks, at that walk, the findings of the previous walks of the sector;
- committee members read.

Roles in the state machine (`diagnostics.states`) are derived here from the same relations: no
django-guardian grant would add anything the `assigned_to` and team relations do not already hold.
"""

from charter.perms import can_coordinate, is_member

from . import states
from .models import Finding, WalkingDiagnostic


def can_plan_walk(user, charter) -> bool:
    if can_coordinate(user, charter):
        return True
    return bool(user.is_authenticated and user.is_referent and user.organisation_id) and is_member(
        user, charter.pk
    )


def can_edit_walk(user, walk: WalkingDiagnostic) -> bool:
    return WalkingDiagnostic.objects.editable_by(user).filter(pk=walk.pk).exists()


def can_record(user, walk: WalkingDiagnostic) -> bool:
    return WalkingDiagnostic.objects.recordable_by(user).filter(pk=walk.pk).exists()


def can_record_in_field(user, charter) -> bool:
    """Outside a walk, a finding is recorded by the coordinator or a partner's referent."""
    return can_plan_walk(user, charter)


def can_treat(user, finding: Finding) -> bool:
    return Finding.objects.treatable_by(user).filter(pk=finding.pk).exists()


def checks_at(user, walk: WalkingDiagnostic | None, finding: Finding) -> bool:
    """The user walks `walk`, a later walk of the sector where `finding` was found."""
    if walk is None or finding.walk_id is None or walk.charter_id != finding.charter_id:
        return False
    earlier = WalkingDiagnostic.objects.of_sector(walk).before(walk).filter(pk=finding.walk_id).exists()
    return earlier and can_record(user, walk)


def roles(user=None, finding: Finding | None = None, *, walk=None, api_key=None) -> frozenset[str]:
    """The roles of the state machine the user (or the Open311 key) holds on the finding."""
    held = set()
    if api_key is not None:
        if (
            api_key.is_active
            and api_key.organisation_id == finding.assigned_to_id
            and (api_key.charter_id == finding.charter_id)
        ):
            held.add(states.ASSIGNEE)
        return frozenset(held)
    if user is None or not user.is_authenticated:
        return frozenset()
    if can_coordinate(user, finding.charter_id):
        return frozenset({states.ASSIGNEE, states.CHECKER, states.COORDINATOR})
    if (
        user.is_referent
        and user.organisation_id
        and user.organisation_id == finding.assigned_to_id
        and is_member(user, finding.charter_id)
    ):
        held.add(states.ASSIGNEE)
    if checks_at(user, walk, finding):
        held.add(states.CHECKER)
    return frozenset(held)
