"""Durable jobs (a transactional outbox).

A service that causes a side effect calls `enqueue(...)` inside its transaction: the job is a row of
`Job`, committed (or rolled back) with the change itself. Once committed, the job is handed to Celery
(`dispatch`); if the broker is down, nothing fails: the row waits and the sweeper (`sweep`, run by Celery
beat every `GUSP_JOB_SWEEP_SECONDS`) hands it over again. A worker runs the job through `run`:

- claiming it (one attempt more, state « en cours », a heartbeat) in its own transaction;
- calling the handler registered under the job's name with the job's keyword arguments;
- recording « terminée », or on an error, trying again later (backoff) until `max_attempts`, then
  « échouée » with the reason, shown to the coordinator who can relaunch it.

A job whose worker was killed keeps its state « en cours » with a heartbeat that ages: after
`GUSP_JOB_LEASE_SECONDS` without a sign of life the sweeper puts it back in the queue; a job that kills
its worker every time therefore ends « échouée » after its attempts, instead of holding a worker forever.
Handlers must be safe to run twice (idempotent): at worst a kill between a side effect and its commit
repeats that one side effect; nothing is ever lost.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from celery import current_app
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .models import ACTIVE_STATES, Job, JobState

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Handler:
    function: object
    max_attempts: int
    time_limit: int


HANDLERS: dict[str, Handler] = {}
RUN_TASK = "gusp.run_job"


def handler(name: str, *, max_attempts: int = 3, time_limit: int = 300):
    """Register `function(job, **kwargs)` as the handler of the jobs called `name`."""

    def register(function):
        HANDLERS[name] = Handler(function=function, max_attempts=max_attempts, time_limit=time_limit)
        return function

    return register


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.GUSP_JOB_LEASE_SECONDS)


def enqueue(
    name: str,
    *,
    label: str,
    key: str = "",
    charter_id: int | None = None,
    requested_by=None,
    **kwargs,
) -> Job:
    """Record a job in the current transaction, to be handed to Celery once it commits. With a `key`, an
    active job of the same key is joined (returned) instead of creating a second one."""
    if name not in HANDLERS:
        raise LookupError(f"Aucun traitement n'est enregistré sous le nom {name!r}.")
    if key:
        existing = Job.objects.filter(key=key, state__in=ACTIVE_STATES).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            job = Job.objects.create(
                name=name,
                kwargs=kwargs,
                key=key,
                label=label[:300],
                charter_id=charter_id,
                requested_by=requested_by if requested_by is not None and requested_by.pk else None,
                max_attempts=HANDLERS[name].max_attempts,
            )
    except IntegrityError:  # the same key was just queued by a concurrent request: join it
        return Job.objects.get(key=key, state__in=ACTIVE_STATES)
    pk = job.pk
    transaction.on_commit(lambda: dispatch(pk, name))
    return job


def dispatch(job_id: int, name: str, *, countdown: int | None = None) -> bool:
    """Hand a committed job to Celery, with its handler's time limit. A broker that cannot be reached is
    not an error here: the job stays pending and the sweeper hands it over again later."""
    registered = HANDLERS.get(name)
    limit = registered.time_limit if registered else settings.GUSP_JOB_TIME_LIMIT
    try:
        # By name (the task is `gusp.core.tasks.run_job`): this module never imports the tasks module.
        current_app.send_task(
            RUN_TASK,
            args=[job_id],
            countdown=countdown,
            retry=False,
            soft_time_limit=limit,
            time_limit=limit + 30,
            queue=settings.GUSP_JOB_QUEUE,
        )
    except Exception as error:  # noqa: BLE001 - any broker failure leaves the job to the sweeper
        logger.warning("Tâche %s non confiée au courtier (%s) : elle le sera plus tard.", job_id, error)
        return False
    Job.objects.filter(pk=job_id).update(dispatched_at=timezone.now())
    return True


def _claim(job_id: int) -> Job | None:
    """Take the job for this worker, or None when there is nothing to do (done, failed, running
    elsewhere with a recent heartbeat, not yet due). Gives up a job whose attempts are spent."""
    now = timezone.now()
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state in (JobState.DONE, JobState.FAILED):
            return None
        if job.state == JobState.RUNNING and job.heartbeat_at and job.heartbeat_at > now - lease():
            return None
        if job.state == JobState.PENDING and job.available_at and job.available_at > now:
            return None
        if job.attempts >= job.max_attempts:
            job.state, job.finished_at = JobState.FAILED, now
            job.error = job.error or (
                f"Abandonnée après {job.attempts} tentatives : le traitement s'est interrompu à chaque fois."
            )
            job.save(update_fields=["state", "finished_at", "error"])
            return None
        job.state, job.attempts = JobState.RUNNING, job.attempts + 1
        job.started_at = job.heartbeat_at = now
        job.available_at = None
        job.save(update_fields=["state", "attempts", "started_at", "heartbeat_at", "available_at"])
        return job


def beat(job: Job, *, progress: int | None = None, message: str | None = None) -> None:
    """A sign of life from a running job, with its progress (0-100) and what it is doing."""
    values = {"heartbeat_at": timezone.now()}
    if progress is not None:
        job.progress = values["progress"] = max(0, min(100, int(progress)))
    if message is not None:
        job.message = values["message"] = message[:300]
    Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(**values)


def run(job_id: int) -> str:
    """Run one job (called by the Celery task). Returns the state it ends in, or "skipped"."""
    job = _claim(job_id)
    if job is None:
        return "skipped"
    registered = HANDLERS.get(job.name)
    try:
        if registered is None:
            raise LookupError(f"Traitement inconnu : {job.name}")
        result = registered.function(job, **job.kwargs)
    except Exception as error:  # noqa: BLE001 - recorded on the job, retried or shown to the coordinator
        reason = f"{error.__class__.__name__} : {error}"[:2000]
        logger.exception("La tâche %s (%s) a échoué.", job.pk, job.name)
        now = timezone.now()
        if job.attempts < job.max_attempts:
            wait = 10 * 2 ** (job.attempts - 1)
            Job.objects.filter(pk=job.pk).update(
                state=JobState.PENDING, error=reason, available_at=now + dt.timedelta(seconds=wait)
            )
            dispatch(job.pk, job.name, countdown=wait)
            return JobState.PENDING
        Job.objects.filter(pk=job.pk).update(state=JobState.FAILED, error=reason, finished_at=now)
        return JobState.FAILED
    Job.objects.filter(pk=job.pk).update(
        state=JobState.DONE,
        progress=100,
        result=result if isinstance(result, dict | list | int | str | bool) else None,
        error="",
        finished_at=timezone.now(),
    )
    return JobState.DONE


def sweep(now=None) -> int:
    """Hand over again what is pending and due but was not dispatched recently (the broker was down, or
    lost the message), and put back in the queue what is « running » without a sign of life for longer
    than the lease (its worker was killed). Returns the number of jobs handed over."""
    now = now or timezone.now()
    stale = now - lease()
    with transaction.atomic():
        revived = list(
            Job.objects.select_for_update(skip_locked=True)
            .filter(state=JobState.RUNNING, heartbeat_at__lt=stale)
            .values_list("pk", flat=True)
        )
        Job.objects.filter(pk__in=revived).update(state=JobState.PENDING, available_at=None)
    due = Job.objects.filter(state=JobState.PENDING).filter(
        Q(available_at__isnull=True) | Q(available_at__lte=now)
    )
    waiting = due.filter(Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=stale) | Q(pk__in=revived))
    handed = 0
    for pk, name in waiting.values_list("pk", "name")[:500]:
        handed += dispatch(pk, name)
    return handed


@transaction.atomic
def relaunch(job: Job) -> Job:
    """Give a failed job a new series of attempts."""
    if job.state != JobState.FAILED:
        return job
    job.state, job.attempts, job.error, job.progress, job.message = JobState.PENDING, 0, "", 0, ""
    job.available_at = job.finished_at = None
    job.save(
        update_fields=["state", "attempts", "error", "progress", "message", "available_at", "finished_at"]
    )
    pk, name = job.pk, job.name
    transaction.on_commit(lambda: dispatch(pk, name))
    return job
