"""Durable jobs (gusp.core.jobs): recorded with the change that causes them, handed to Celery after the
commit, retried a bounded number of times, swept when the broker was down or the worker died."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from gusp.core import jobs
from gusp.core.models import Job, JobState
from tests.core.outage import broker_down

CALLS = []


@jobs.handler("tests.record", max_attempts=3)
def record(job, *, value):
    CALLS.append(value)
    return {"value": value}


@jobs.handler("tests.fail", max_attempts=2)
def fail(job, *, value):
    raise OSError(f"serveur injoignable ({value})")


@pytest.fixture(autouse=True)
def _calls():
    CALLS.clear()


def test_a_job_exists_only_if_its_transaction_commits(db, django_capture_on_commit_callbacks):
    with pytest.raises(RuntimeError), transaction.atomic():
        jobs.enqueue("tests.record", label="annulé", value=1)
        raise RuntimeError
    assert not Job.objects.exists()
    with django_capture_on_commit_callbacks() as callbacks:
        job = jobs.enqueue("tests.record", label="gardé", value=2)
    assert Job.objects.get().pk == job.pk and job.state == JobState.PENDING
    assert len(callbacks) == 1  # handed to Celery once committed


def test_asking_twice_for_the_same_key_joins_the_job(db):
    first = jobs.enqueue("tests.record", label="x", key="k:1", value=1)
    again = jobs.enqueue("tests.record", label="x", key="k:1", value=1)
    assert again.pk == first.pk and Job.objects.count() == 1
    assert jobs.run(first.pk) == JobState.DONE
    later = jobs.enqueue("tests.record", label="x", key="k:1", value=1)  # the first one is over: a new job
    assert later.pk != first.pk


def test_a_job_runs_once_and_records_its_result(db):
    job = jobs.enqueue("tests.record", label="x", value=7)
    assert jobs.run(job.pk) == JobState.DONE
    assert jobs.run(job.pk) == "skipped"  # delivered twice: done once
    job.refresh_from_db()
    assert CALLS == [7] and job.result == {"value": 7} and job.progress == 100 and job.attempts == 1


def test_a_failing_job_is_retried_then_fails_with_its_reason_and_can_be_relaunched(db):
    job = jobs.enqueue("tests.fail", label="courriel", value=1)
    assert jobs.run(job.pk) == JobState.PENDING
    job.refresh_from_db()
    assert job.attempts == 1 and job.available_at > timezone.now()  # backoff: not run again right away
    assert jobs.run(job.pk) == "skipped"
    Job.objects.filter(pk=job.pk).update(available_at=timezone.now())
    assert jobs.run(job.pk) == JobState.FAILED
    job.refresh_from_db()
    assert job.attempts == 2 and "serveur injoignable" in job.error and job.finished_at
    jobs.relaunch(job)
    job.refresh_from_db()
    assert job.state == JobState.PENDING and job.attempts == 0 and job.error == ""


def test_a_job_whose_worker_died_is_put_back_by_the_sweeper_and_ends_failed_after_its_attempts(db, settings):
    job = jobs.enqueue("tests.record", label="x", value=1)
    for attempt in range(1, 4):
        claimed = jobs._claim(job.pk)  # a worker takes it… and is killed before finishing
        assert claimed is not None and claimed.attempts == attempt
        assert jobs.run(job.pk) == "skipped"  # redelivered while its heartbeat is fresh: not run twice
        Job.objects.filter(pk=job.pk).update(
            heartbeat_at=timezone.now() - dt.timedelta(seconds=settings.GUSP_JOB_LEASE_SECONDS + 1)
        )
        jobs.sweep()
        assert Job.objects.get(pk=job.pk).state == JobState.PENDING
    assert jobs.run(job.pk) == "skipped"  # its attempts are spent: it is given up, not run a fourth time
    job.refresh_from_db()
    assert job.state == JobState.FAILED and "interrompu" in job.error and CALLS == []


@pytest.mark.django_db(transaction=True)
def test_a_broker_outage_leaves_the_job_pending_and_the_sweeper_hands_it_over_later():
    with broker_down():
        job = jobs.enqueue("tests.record", label="x", value=3)  # committed: on_commit runs at once
        job.refresh_from_db()
        assert job.state == JobState.PENDING and job.dispatched_at is None
        assert jobs.sweep() == 0  # still down: nothing handed over, nothing lost
    assert jobs.sweep() == 1  # the broker is back
    job.refresh_from_db()
    assert job.dispatched_at is not None and job.state == JobState.PENDING
