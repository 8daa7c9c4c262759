"""Writes of findings: recording (from a walk, the field, an inhabitant's report, a partner's system),
routing, the changes of state of `diagnostics.states`, re-routing by hand, the checks of the next walk,
and the links to the action plan. Keyword-only, atomic, validating: a broken rule raises a
ValidationError with a French message and writes nothing (not even a photo file)."""

import datetime as dt
import uuid
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from actions import services as action_services
from actions.models import Action, ProjectSheet
from charter.models import Organisation

from .. import perms, states
from ..choices import (
    CLOSED_STATES,
    OPEN_STATES,
    RESIDENCE_PLACES,
    CheckResult,
    EventKind,
    FindingState,
    PlaceKind,
    RejectReason,
    Source,
)
from ..models import Finding, FindingEvent, Report, WalkCheck, WalkingDiagnostic
from . import notifications, perimeters, routing
from .photos import PhotoWriter

# A device's clock may run a little ahead of the server's.
CLOCK_TOLERANCE = dt.timedelta(minutes=10)


def lock(finding: Finding) -> Finding:
    """The finding as stored, locked until the end of the transaction; a stale copy is refused later by
    the version check of the form that carries it."""
    return (
        Finding.objects.select_for_update(of=("self",))
        .select_related("category", "residence__landlord")
        .get(pk=finding.pk)
    )


def _event(finding: Finding, *, kind: str, at, author=None, api_key=None, **fields) -> FindingEvent:
    organisation = api_key.organisation if api_key is not None else getattr(author, "organisation", None)
    return FindingEvent.objects.create(
        finding=finding,
        kind=kind,
        at=at,
        author=author if author is not None and author.is_authenticated else None,
        api_key=api_key,
        organisation=organisation,
        **fields,
    )


def _route(
    finding: Finding,
    *,
    at,
    author=None,
    target: routing.Routing | None,
    kind: str,
    comment: str = "",
    notify=True,
):
    """Send the finding to an organisation (or to nobody yet), start its clock and tell its referents."""
    previous = finding.assigned_to
    finding.state = FindingState.NEW
    finding.assigned_to = target.organisation if target else None
    finding.assigned_service = target.service if target else ""
    finding.routing_rule = target.rule if target else None
    finding.routing_count += 1
    finding.routed_at = at
    finding.due_on = routing.due_date(at, finding.category)
    finding.acknowledged_at = finding.treated_at = finding.closed_at = None
    finding.reject_reason, finding.duplicate_of = "", None
    finding.save()
    _event(
        finding,
        kind=kind,
        at=at,
        author=author,
        to_state=FindingState.NEW,
        from_organisation=previous,
        to_organisation=finding.assigned_to,
        comment=comment,
    )
    if notify:
        notifications.queue_routed(finding, requested_by=author)


def _place(*, charter, territory, place_kind, residence, latitude, longitude, walk):
    """The territory of a finding: its residence's; else the one whose perimeter contains its point;
    else the one chosen, or the walk's."""
    if residence is not None:
        if residence.territory.charter_id != charter.pk:
            raise ValidationError({"residence": "Cette résidence n'appartient pas à la charte."})
        return residence.territory
    if latitude is not None and longitude is not None:
        perimeters.check_plausible_point(charter, latitude, longitude)
        found = perimeters.territory_at(charter.pk, latitude, longitude)
        if found is not None:
            return found
    territory = territory or (walk.territory if walk is not None else None)
    if territory is None:
        raise ValidationError(
            {"territory": "Indiquez le quartier (ou une résidence, ou un point sur la carte)."}
        )
    return territory


def _degrees(value) -> Decimal | None:
    """Degrees with six decimals at most (about 10 cm): a phone or a partner's system may send more."""
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation as error:
        raise ValidationError({"latitude": "Coordonnées illisibles."}) from error
    if not number.is_finite():
        raise ValidationError({"latitude": "Coordonnées illisibles."})
    return number.quantize(Decimal("0.000001"))


@transaction.atomic
def record_finding(
    *,
    charter,
    author=None,
    source: str,
    category,
    place_kind: str,
    description: str,
    severity: int = 2,
    territory=None,
    residence=None,
    entrance: str = "",
    place_note: str = "",
    latitude=None,
    longitude=None,
    location_source: str = "",
    photos=(),
    walk: WalkingDiagnostic | None = None,
    observed_at=None,
    client_id: uuid.UUID | None = None,
    api_key=None,
    is_public: bool = False,
    is_demo: bool = False,
    notify: bool = True,
    now=None,
) -> tuple[Finding, bool]:
    """Record a finding and route it (an inhabitant's report waits for moderation instead). Returns the
    finding and whether it was created: a finding sent again with the same `client_id` (the id its device
    made, e.g. after a network failure) is not created twice, the existing one is returned. `notify=False`
    (demonstration data) routes without e-mailing the organisation's referents."""
    now = now or timezone.now()
    if client_id is not None:
        existing = Finding.objects.filter(client_id=client_id).first()
        if existing is not None:
            return existing, False
    if walk is not None and walk.charter_id != charter.pk:
        raise ValidationError("Ce diagnostic n'appartient pas à la charte.")
    if category.charter_id != charter.pk or not category.is_active:
        raise ValidationError({"category": "Cette catégorie n'est pas proposée dans cette charte."})
    if place_kind in RESIDENCE_PLACES and residence is None:
        raise ValidationError({"residence": "Indiquez la résidence."})
    if place_kind == PlaceKind.PUBLIC:
        residence, entrance = None, ""
    latitude, longitude = _degrees(latitude), _degrees(longitude)
    observed_at = observed_at or now
    if observed_at > now + CLOCK_TOLERANCE:
        raise ValidationError({"observed_at": "La date du constat est dans le futur."})
    finding = Finding(
        charter=charter,
        client_id=client_id,
        source=source,
        walk=walk,
        category=category,
        territory=_place(
            charter=charter,
            territory=territory,
            place_kind=place_kind,
            residence=residence,
            latitude=latitude,
            longitude=longitude,
            walk=walk,
        ),
        place_kind=place_kind,
        residence=residence,
        entrance=entrance,
        place_note=place_note,
        latitude=latitude,
        longitude=longitude,
        location_source=(location_source or "map") if latitude is not None else "",
        severity=severity,
        description=description,
        state=FindingState.MODERATION if source == Source.REPORT else FindingState.NEW,
        is_public=is_public,
        created_by=author if author is not None and author.is_authenticated else None,
        created_by_organisation=(
            api_key.organisation if api_key is not None else getattr(author, "organisation", None)
        ),
        is_demo=is_demo,
        observed_at=min(observed_at, now),
    )
    finding.full_clean()
    try:
        with transaction.atomic():
            finding.save()
    except IntegrityError:
        # The same client id, saved by a concurrent request meanwhile.
        existing = Finding.objects.filter(client_id=client_id).first() if client_id else None
        if existing is None:
            raise
        return existing, False
    with PhotoWriter() as writer:
        writer.save(finding, list(photos))
        _event(
            finding, kind=EventKind.CREATED, at=now, author=author, api_key=api_key, to_state=finding.state
        )
        if finding.state == FindingState.NEW:
            target = routing.resolve(
                charter_id=charter.pk, category=category, place_kind=place_kind, residence=residence
            )
            _route(finding, at=now, author=author, target=target, kind=EventKind.ROUTED, notify=notify)
    return finding, True


def _check_roles(*, finding, to_state, author, api_key, walk) -> None:
    who = states.actor(finding.state, to_state)
    if who is None or (finding.state, to_state) in states.ROUTING_TRANSITIONS:
        raise ValidationError(
            f"Un constat « {finding.get_state_display()} » ne peut pas passer à « {FindingState(to_state).label} »."
        )
    if who not in perms.roles(author, finding, walk=walk, api_key=api_key):
        raise ValidationError(
            {
                states.ASSIGNEE: "Seule l'organisation chargée de ce constat (ou la coordination) peut faire ce changement.",
                states.CHECKER: "Seule la coordination, ou l'équipe du diagnostic suivant du secteur, vérifie un constat traité.",
                states.COORDINATOR: "Seule la coordination peut faire ce changement.",
            }[who]
        )


@transaction.atomic
def change_state(
    *,
    finding: Finding,
    to_state: str,
    author=None,
    api_key=None,
    comment: str = "",
    photos=(),
    reject_reason: str = "",
    duplicate_of: Finding | None = None,
    walk: WalkingDiagnostic | None = None,
    at=None,
) -> FindingEvent:
    """Move a finding to another state, if the table of `diagnostics.states` allows it and the author (or
    the Open311 key) holds the role it names; records who, when, a comment and the photos after."""
    at = at or timezone.now()
    finding = lock(finding)
    _check_roles(finding=finding, to_state=to_state, author=author, api_key=api_key, walk=walk)
    from_state = finding.state
    if to_state == FindingState.REJECTED:
        _reject(finding, reject_reason=reject_reason, duplicate_of=duplicate_of)
        finding.closed_at = at
    elif reject_reason or duplicate_of is not None:
        raise ValidationError({"reject_reason": "Un motif de rejet ne va qu'avec un rejet."})
    if to_state == FindingState.ACKNOWLEDGED:
        finding.acknowledged_at = at
    elif to_state == FindingState.TREATED:
        finding.treated_at = at
        finding.acknowledged_at = finding.acknowledged_at or at
    elif to_state == FindingState.CHECKED:
        finding.closed_at = at
    elif to_state == FindingState.REOPENED:
        finding.treated_at = None
    finding.state = to_state
    finding.save()
    with PhotoWriter() as writer:
        event = _event(
            finding,
            kind=EventKind.WALK_CHECK if walk is not None else EventKind.TRANSITION,
            at=at,
            author=author,
            api_key=api_key,
            from_state=from_state,
            to_state=to_state,
            walk=walk,
            comment=comment,
        )
        writer.save(finding, list(photos), event=event)
    _after_outcome(finding, requested_by=author)
    return event


def _reject(finding: Finding, *, reject_reason: str, duplicate_of: Finding | None) -> None:
    if reject_reason not in RejectReason.values:
        raise ValidationError({"reject_reason": "Indiquez le motif du rejet."})
    if reject_reason == RejectReason.DUPLICATE:
        if duplicate_of is None:
            raise ValidationError({"duplicate_of": "Indiquez le constat dont celui-ci est le doublon."})
        if duplicate_of.pk == finding.pk or duplicate_of.charter_id != finding.charter_id:
            raise ValidationError({"duplicate_of": "Choisissez un autre constat de la même charte."})
        if duplicate_of.state in (FindingState.REJECTED, FindingState.MODERATION):
            raise ValidationError({"duplicate_of": "Ce constat est lui-même rejeté ou pas encore modéré."})
    elif duplicate_of is not None:
        raise ValidationError({"duplicate_of": "Seul un doublon renvoie à un autre constat."})
    finding.reject_reason, finding.duplicate_of = reject_reason, duplicate_of


def _after_outcome(finding: Finding, *, requested_by=None) -> None:
    """An inhabitant's report: tell them once it is treated (or rejected after routing), and delete their
    address once it is closed and they were told."""
    report = Report.objects.select_for_update().filter(finding=finding).first()
    if report is None or not report.email:
        return
    if (
        finding.state in (FindingState.TREATED, FindingState.REJECTED, FindingState.CHECKED)
        and not report.notified_at
    ):
        notifications.queue_reporter(report, requested_by=requested_by)
    elif finding.state in CLOSED_STATES:
        report.email, report.email_deleted_at = "", timezone.now()
        report.save(update_fields=["email", "email_deleted_at"])


@transaction.atomic
def reroute(*, finding: Finding, organisation, service: str = "", reason: str, author, at=None) -> Finding:
    """The coordinator sends a finding to another organisation (or the same one again), with a reason: it
    starts again as « nouveau », with a new due date, and the new organisation's referents are told."""
    at = at or timezone.now()
    finding = lock(finding)
    if states.COORDINATOR not in perms.roles(author, finding):
        raise ValidationError("Seule la coordination réoriente un constat.")
    if finding.state not in states.REROUTABLE:
        raise ValidationError(f"Un constat « {finding.get_state_display()} » ne se réoriente pas.")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Indiquez pourquoi le constat est réorienté."})
    if not Organisation.objects.in_charter(finding.charter_id).filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": "Cette organisation ne participe pas à la charte."})
    _route(
        finding,
        at=at,
        author=author,
        target=routing.Routing(organisation=organisation, service=service, rule=None),
        kind=EventKind.REROUTED,
        comment=reason.strip(),
    )
    return finding


@transaction.atomic
def set_public(*, finding: Finding, is_public: bool, author) -> Finding:
    finding = lock(finding)
    if states.COORDINATOR not in perms.roles(author, finding):
        raise ValidationError("Seule la coordination publie un constat.")
    if finding.state == FindingState.MODERATION and is_public:
        raise ValidationError("Modérez d'abord ce signalement.")
    finding.is_public = is_public
    finding.save(update_fields=["is_public", "updated_at"])
    return finding


def previous_open(walk: WalkingDiagnostic):
    """The findings of the previous walks of the walk's sector still to be followed (open, or treated and
    waiting to be checked), oldest first: the next walk checks them."""
    earlier = WalkingDiagnostic.objects.of_sector(walk).before(walk)
    return (
        Finding.objects.filter(walk__in=earlier.values("pk"))
        .filter(state__in=[*OPEN_STATES, FindingState.TREATED])
        .with_related()
        .order_by("observed_at", "pk")
    )


@transaction.atomic
def check_at_walk(
    *, walk: WalkingDiagnostic, finding: Finding, result: str, author, comment: str = "", at=None
) -> WalkCheck:
    """At a walk, the team looks again at a finding of a previous walk of the sector:
    - seen fixed: a treated finding is checked and closed; one never declared treated is closed too
      (treated at the latest when the team saw it);
    - still there: a treated finding is reopened; an open one stays as it is, the check is recorded."""
    at = at or timezone.now()
    finding = lock(finding)
    if not perms.checks_at(author, walk, finding):
        raise ValidationError("Seule l'équipe d'un diagnostic suivant du secteur vérifie ce constat.")
    if result not in CheckResult.values:
        raise ValidationError({"result": "Indiquez si le dysfonctionnement est réparé ou toujours présent."})
    if finding.state not in (*OPEN_STATES, FindingState.TREATED):
        raise ValidationError(f"Ce constat est « {finding.get_state_display()} » : il n'est plus à vérifier.")
    if WalkCheck.objects.filter(walk=walk, finding=finding).exists():
        raise ValidationError("Ce constat a déjà été vérifié lors de ce diagnostic.")
    check = WalkCheck.objects.create(
        walk=walk, finding=finding, result=result, author=author, at=at, comment=comment
    )
    from_state = finding.state
    if result == CheckResult.FIXED:
        to_state = FindingState.CHECKED
        finding.treated_at = finding.treated_at or at
        finding.acknowledged_at = finding.acknowledged_at or at
        finding.closed_at = at
    elif from_state == FindingState.TREATED:
        to_state = FindingState.REOPENED
        finding.treated_at = None
    else:
        to_state = from_state
    finding.state = to_state
    finding.save()
    label = CheckResult(result).label.lower()
    _event(
        finding,
        kind=EventKind.WALK_CHECK,
        at=at,
        author=author,
        walk=walk,
        from_state=from_state,
        to_state=to_state,
        comment=f"{label} lors du diagnostic du {walk.planned_on:%d/%m/%Y}"
        + (f" : {comment}" if comment else ""),
    )
    _after_outcome(finding, requested_by=author)
    return check


@transaction.atomic
def create_action(
    *,
    finding: Finding,
    author,
    sheet: ProjectSheet,
    title: str,
    lead=None,
    starts_on,
    due_on,
    description: str = "",
) -> Action:
    """Make the finding an action of a project sheet (the permanent diagnostic feeds the action plan),
    through the action plan's own service: its rules on who leads apply."""
    finding = lock(finding)
    if not perms.can_treat(author, finding):
        raise ValidationError(
            "Seules la coordination et l'organisation chargée relient ce constat au plan d'actions."
        )
    if (
        sheet.charter_id != finding.charter_id
        or not ProjectSheet.objects.editable_by(author).filter(pk=sheet.pk).exists()
    ):
        raise ValidationError({"sheet": "Vous ne pouvez pas ajouter d'action à cette fiche."})
    action = Action(
        sheet=sheet,
        title=title,
        description=description or f"Suite du constat n°{finding.pk} : {finding.description}"[:2000],
        lead=lead or author.organisation,
        territory=finding.territory,
        starts_on=starts_on,
        due_on=due_on,
    )
    residences = [finding.residence] if finding.residence_id else []
    action = action_services.save_action(action=action, author=author, residences=residences)
    _link(finding, action, author)
    return action


@transaction.atomic
def link_action(*, finding: Finding, action: Action, author) -> Finding:
    finding = lock(finding)
    if not perms.can_treat(author, finding):
        raise ValidationError(
            "Seules la coordination et l'organisation chargée relient ce constat au plan d'actions."
        )
    if action.sheet.charter_id != finding.charter_id:
        raise ValidationError({"action": "Cette action n'appartient pas à la charte du constat."})
    _link(finding, action, author)
    return finding


def _link(finding: Finding, action: Action, author) -> None:
    finding.action = action
    finding.save(update_fields=["action", "updated_at"])
    _event(
        finding, kind=EventKind.ACTION, at=timezone.now(), author=author, comment=f"Action : {action.title}"
    )
