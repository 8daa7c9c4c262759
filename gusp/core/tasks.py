"""The two Celery tasks of the durable jobs: run one job, and sweep (Celery beat)."""

from celery import shared_task
from django.conf import settings

from . import jobs


@shared_task(name="gusp.run_job", ignore_result=True, soft_time_limit=settings.GUSP_JOB_TIME_LIMIT)
def run_job(job_id: int) -> str:
    return jobs.run(job_id)


@shared_task(name="gusp.sweep_jobs", ignore_result=True)
def sweep_jobs() -> int:
    return jobs.sweep()
