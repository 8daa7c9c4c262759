"""Inhabitants' reports (signalements): sent through the public form, read by the coordinator before
they are routed (moderation), followed like any finding.

The reporter's e-mail address is optional and serves one purpose: telling them the outcome. It is shown
on the coordinator's moderation page alone, published nowhere, sent to no partner nor through the API,
and deleted once the report is closed — right away when the reporter was already told, else as soon as
they are (`notifications.deliver_reporter`); the daily purge deletes whatever is left
`EMAIL_KEPT_AFTER_CLOSE` after the closing, and any address after `EMAIL_KEPT_AT_MOST`."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .. import perms, states
from ..choices import CLOSED_STATES, EventKind, FindingState, Source
from ..models import Report
from . import findings, routing

EMAIL_KEPT_AFTER_CLOSE = dt.timedelta(days=7)
EMAIL_KEPT_AT_MOST = dt.timedelta(days=365)


@transaction.atomic
def submit_report(
    *,
    charter,
    category,
    territory,
    place_kind,
    description,
    residence=None,
    place_note="",
    latitude=None,
    longitude=None,
    location_source="",
    photos=(),
    email="",
    form_digest: str | None = None,
    is_demo: bool = False,
    now=None,
) -> Report:
    """An inhabitant's report: a finding awaiting moderation, and the reporter's address if they left one.
    The same form posted twice (`form_digest`, a hash of the form's signed token) makes one report."""
    if form_digest:
        existing = Report.objects.filter(form_digest=form_digest).first()
        if existing is not None:
            return existing
    if not (charter.is_published and territory.is_published):
        raise ValidationError({"territory": "Ce quartier ne reçoit pas de signalements."})
    finding, _ = findings.record_finding(
        charter=charter,
        source=Source.REPORT,
        category=category,
        territory=territory,
        place_kind=place_kind,
        residence=residence,
        place_note=place_note,
        latitude=latitude,
        longitude=longitude,
        location_source=location_source,
        description=description,
        photos=photos,
        is_demo=is_demo,
        now=now,
    )
    try:
        with transaction.atomic():
            return Report.objects.create(
                finding=finding, email=(email or "").strip().lower(), form_digest=form_digest or None
            )
    except IntegrityError:  # the same form, saved by a concurrent request meanwhile
        transaction.set_rollback(True)
        return Report.objects.get(form_digest=form_digest)


@transaction.atomic
def accept_report(
    *,
    report: Report,
    author,
    category,
    territory,
    place_kind,
    residence,
    place_note: str,
    description: str,
    is_public: bool,
    comment: str = "",
) -> Report:
    """The coordinator accepts a report, corrected if need be (category, place, a text without personal
    data), chooses whether to publish it, and it is routed by the rules like any finding."""
    finding = findings.lock(report.finding)
    if states.COORDINATOR not in perms.roles(author, finding):
        raise ValidationError("Seule la coordination modère les signalements.")
    if finding.state != FindingState.MODERATION:
        raise ValidationError("Ce signalement a déjà été modéré.")
    if category.charter_id != finding.charter_id or territory.charter_id != finding.charter_id:
        raise ValidationError("Choisissez une catégorie et un quartier de la charte.")
    finding.category, finding.territory, finding.place_kind = category, territory, place_kind
    finding.residence = residence if place_kind != "public" else None
    finding.place_note, finding.description, finding.is_public = place_note, description, is_public
    if finding.residence_id:
        finding.territory = finding.residence.territory
    finding.full_clean()
    finding.save()
    now = timezone.now()
    report.moderated_at, report.moderated_by = now, author
    report.save(update_fields=["moderated_at", "moderated_by"])
    findings._event(
        finding,
        kind=EventKind.MODERATED,
        at=now,
        author=author,
        from_state=FindingState.MODERATION,
        to_state=FindingState.NEW,
        comment=comment,
    )
    target = routing.resolve(
        charter_id=finding.charter_id, category=category, place_kind=place_kind, residence=finding.residence
    )
    findings._route(finding, at=now, author=author, target=target, kind=EventKind.ROUTED)
    return report


@transaction.atomic
def reject_report(
    *, report: Report, author, reject_reason: str, duplicate_of=None, comment: str = ""
) -> Report:
    """The coordinator rejects a report at moderation (abusive, not a dysfunction, a duplicate): nobody is
    told, the reporter's address is deleted at once."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.finding.state != FindingState.MODERATION:
        raise ValidationError("Ce signalement a déjà été modéré.")
    now = timezone.now()
    report.email, report.email_deleted_at = "", now
    report.moderated_at, report.moderated_by = now, author
    report.save(update_fields=["email", "email_deleted_at", "moderated_at", "moderated_by"])
    findings.change_state(
        finding=report.finding,
        to_state=FindingState.REJECTED,
        author=author,
        reject_reason=reject_reason,
        duplicate_of=duplicate_of,
        comment=comment,
        at=now,
    )
    return report


@transaction.atomic
def purge_reporter_emails(*, now=None) -> int:
    """Delete the addresses of reports closed for `EMAIL_KEPT_AFTER_CLOSE`, and of any report older than
    `EMAIL_KEPT_AT_MOST`. Returns how many were deleted."""
    now = now or timezone.now()
    stale = Report.objects.exclude(email="").filter(
        Q(finding__state__in=CLOSED_STATES, finding__closed_at__lt=now - EMAIL_KEPT_AFTER_CLOSE)
        | Q(submitted_at__lt=now - EMAIL_KEPT_AT_MOST)
    )
    return stale.update(email="", email_deleted_at=now)
