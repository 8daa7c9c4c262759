"""Thin jobs and tasks: they take primary keys and call a service; each is safe to run twice.

Durable jobs (`gusp.core.jobs`) are queued by the services in the transaction that routes or closes a
finding; Celery beat runs `purge_reporter_emails` every night."""

from celery import shared_task

from gusp.core.jobs import handler

from . import services


@handler("diagnostics.notify_routed", max_attempts=5)
def notify_routed(job, *, finding_id: int, sequence: int) -> int:
    return services.deliver_routed(finding_id=finding_id, sequence=sequence, job=job)


@handler("diagnostics.notify_reporter", max_attempts=5)
def notify_reporter(job, *, report_id: int) -> bool:
    return services.deliver_reporter(report_id=report_id, job=job)


@shared_task(name="diagnostics.purge_reporter_emails")
def purge_reporter_emails() -> int:
    return services.purge_reporter_emails()
