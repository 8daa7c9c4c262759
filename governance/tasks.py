"""Thin jobs and tasks: they take primary keys and call a service; each is safe to run twice.

Durable jobs (`gusp.core.jobs`): services queue them by name in the transaction of the change that
causes them; the handlers below carry them out. Celery beat runs `remind_rhythm` every morning."""

from celery import shared_task

from gusp.core.jobs import handler

from . import services


@handler("governance.deliver_invitations", max_attempts=5)
def deliver_invitations(job, *, meeting_id: int, sequence: int) -> int:
    return services.deliver_invitations(meeting_id=meeting_id, sequence=sequence, job=job)


@handler("governance.render_minutes_pdf", max_attempts=3, time_limit=120)
def render_minutes_pdf(job, *, minutes_id: int, revision: int) -> bool:
    return services.render_minutes_pdf(minutes_id=minutes_id, revision=revision, job=job)


@handler("governance.send_rhythm_reminder", max_attempts=5)
def send_rhythm_reminder(job, *, charter: int, reminders: list[int], today: str) -> int:
    return services.send_rhythm_reminder(charter=charter, reminders=reminders, today=today)


@shared_task(name="governance.remind_rhythm")
def remind_rhythm() -> int:
    return services.remind_rhythm()
