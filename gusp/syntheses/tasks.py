"""Thin jobs and tasks: they take primary keys and call a service; each is safe to run twice.

Durable jobs (`gusp.core.jobs`): `syntheses.build` makes a synthesis's PDF, `syntheses.notify_meeting`
tells the steering committee's members that the syntheses of their meeting are ready. Celery beat runs
`syntheses.prepare_steering` every morning."""

from celery import shared_task

from gusp.core.jobs import handler

from . import services


@handler(services.BUILD, max_attempts=3, time_limit=1200)
def build(job, *, synthesis_id: int):
    return services.build(synthesis_id=synthesis_id, job=job)


@handler(services.NOTIFY, max_attempts=5)
def notify_meeting(job, *, meeting_id: int) -> int:
    return services.notify_meeting(meeting_id=meeting_id, job=job)


@shared_task(name="syntheses.prepare_steering")
def prepare_steering() -> int:
    return services.prepare_steering()
