"""Durable jobs with real Celery worker processes killed with SIGKILL: a job whose worker died completes
once a worker is back (the sweeper puts it back in the queue when its heartbeat is older than the lease);
a job that kills its worker every time ends failed after its attempts, instead of holding a worker."""

import uuid

import pytest

from gusp.core import jobs
from gusp.core.models import Job, JobState
from tests.core import killer  # noqa: F401 - registers the handler in this process too
from tests.utils import start_worker, stop_worker, wait_for

LEASE = 3  # seconds without a sign of life after which the sweeper takes a running job back


@pytest.fixture
def queue(transactional_db, settings):
    name = f"test-jobs-{uuid.uuid4().hex[:8]}"
    settings.GUSP_JOB_QUEUE = name
    settings.GUSP_JOB_LEASE_SECONDS = LEASE
    return name


def worker(queue):
    return start_worker(queue, "test-worker-jobs.log", GUSP_EXTRA_JOB_MODULES="tests.core.killer")


def state(job) -> str:
    return Job.objects.get(pk=job.pk).state


@pytest.mark.worker
def test_a_job_whose_worker_is_killed_completes_once_a_worker_is_back(queue, tmp_path):
    first = worker(queue)
    try:
        job = jobs.enqueue("tests.kill_worker", label="tâche tuée une fois", flag=str(tmp_path / "killed"))
        assert wait_for(lambda: first.poll() is not None, timeout=90), "the job did not kill its worker"
        assert state(job) == JobState.RUNNING  # the worker died mid-job: nothing recorded its end
    finally:
        stop_worker(first)
    second = worker(queue)
    try:
        # Celery beat would run the sweeper every 30 s; here the test runs it once the lease has passed.
        assert wait_for(lambda: jobs.sweep() or state(job) != JobState.RUNNING, timeout=30, interval=1)
        assert wait_for(lambda: state(job) == JobState.DONE, timeout=90), Job.objects.get(pk=job.pk).error
        job.refresh_from_db()
        assert job.attempts == 2 and job.result == "survived"
    finally:
        stop_worker(second)


@pytest.mark.worker
def test_a_job_that_always_kills_its_worker_ends_failed_after_its_attempts(queue, tmp_path):
    job = jobs.enqueue("tests.kill_worker", label="tâche empoisonnée", flag=str(tmp_path / "k"), always=True)
    for _ in range(job.max_attempts + 1):
        process = worker(queue)
        try:
            wait_for(lambda p=process: p.poll() is not None or state(job) == JobState.FAILED, timeout=90)
            if state(job) == JobState.FAILED:
                break
            wait_for(lambda: jobs.sweep() or state(job) != JobState.RUNNING, timeout=30, interval=1)
        finally:
            stop_worker(process)
    else:
        # The last worker finds the attempts spent when the job is handed over again: it gives it up.
        process = worker(queue)
        try:
            wait_for(lambda: state(job) == JobState.FAILED, timeout=60)
        finally:
            stop_worker(process)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.attempts == job.max_attempts and "interrompu" in job.error
