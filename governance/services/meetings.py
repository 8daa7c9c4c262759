import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Committee, Meeting, MeetingStatus
from .common import check_not_cancelled, check_times, lock
from .invitations import queue_invitations


@transaction.atomic
def create_meeting(*, committee: Committee, starts_at, ends_at, place: str, subject: str = "") -> Meeting:
    check_times(starts_at, ends_at)
    meeting = Meeting(committee=committee, starts_at=starts_at, ends_at=ends_at, place=place, subject=subject)
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def update_meeting(
    *, meeting: Meeting, starts_at, ends_at, place: str, subject: str = "", requested_by=None
) -> Meeting:
    """Change a planned meeting. Moving it (time or place) raises its calendar sequence and, once the
    members were invited, sends them the update of the same event."""
    lock(meeting)
    check_not_cancelled(meeting)
    check_times(starts_at, ends_at)
    moved = (meeting.starts_at, meeting.ends_at, meeting.place) != (starts_at, ends_at, place)
    if moved and meeting.is_held:
        raise ValidationError("Cette réunion s'est tenue : elle ne peut plus être déplacée.")
    meeting.starts_at, meeting.ends_at, meeting.place, meeting.subject = starts_at, ends_at, place, subject
    if moved:
        meeting.sequence += 1
    meeting.full_clean()
    meeting.save()
    if moved and meeting.invited_at:
        queue_invitations(meeting, requested_by=requested_by)
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, requested_by=None) -> Meeting:
    """Cancel a planned meeting; the invited members receive the cancellation of the same event."""
    lock(meeting)
    check_not_cancelled(meeting)
    if meeting.is_held:
        raise ValidationError("Cette réunion s'est tenue : elle ne peut pas être annulée.")
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.save()
    if meeting.invited_at:
        queue_invitations(meeting, requested_by=requested_by)
    return meeting


@transaction.atomic
def mark_held(*, meeting: Meeting) -> Meeting:
    lock(meeting)
    refusal = meeting.refusal_to_mark_held(timezone.now())
    if refusal:
        raise ValidationError(refusal)
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["status", "updated_at"])
    return meeting


@transaction.atomic
def plan_year(
    *,
    committee: Committee,
    dates: list[dt.date],
    start_time: dt.time,
    end_time: dt.time,
    place: str,
    subject="",
) -> list[Meeting]:
    """Create one planned meeting on each of `dates` (from `planning.year_plan`), at the same hours."""
    if not dates:
        raise ValidationError("Cette règle ne donne aucune date : aucune réunion n'a été planifiée.")
    zone = timezone.get_current_timezone()
    return [
        create_meeting(
            committee=committee,
            starts_at=dt.datetime.combine(day, start_time, tzinfo=zone),
            ends_at=dt.datetime.combine(day, end_time, tzinfo=zone),
            place=place,
            subject=subject,
        )
        for day in dates
    ]
