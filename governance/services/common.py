"""Checks shared by the services of meetings, invitations and records."""

from django.core.exceptions import ValidationError

from ..models import Meeting


def check_times(starts_at, ends_at) -> None:
    if ends_at <= starts_at:
        raise ValidationError("La fin de la réunion doit être postérieure à son début.")


def lock(meeting: Meeting) -> None:
    """Lock the meeting's row for the transaction and reload it into the caller's instance."""
    meeting.refresh_from_db(from_queryset=Meeting.objects.select_for_update())


def check_not_cancelled(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError("Cette réunion est annulée : elle ne peut plus être modifiée.")
