"""Thin Celery tasks: they take primary keys and call a service; each is safe to run twice."""

from smtplib import SMTPException

from celery import shared_task

from . import services


@shared_task(
    name="governance.send_meeting_invitations",
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    max_retries=5,
)
def send_meeting_invitations(meeting_id: int, sequence: int) -> int:
    return services.deliver_invitations(meeting_id=meeting_id, sequence=sequence)


@shared_task(
    name="governance.render_minutes_pdf", soft_time_limit=120, autoretry_for=(OSError,), max_retries=3
)
def render_minutes_pdf(minutes_id: int, revision: int) -> bool:
    return services.render_minutes_pdf(minutes_id=minutes_id, revision=revision)


@shared_task(name="governance.remind_rhythm", autoretry_for=(SMTPException, OSError), retry_backoff=True)
def remind_rhythm() -> int:
    return services.remind_rhythm()
