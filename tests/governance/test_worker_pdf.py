"""The minutes PDF rendered by a real Celery worker process, through the broker (filesystem transport by
default, Redis when REDIS_URL is set), on a queue of its own so that no other worker takes the job."""

import datetime as dt
import uuid

import pytest

from governance import services
from governance.models import Minutes
from gusp.core.models import Job, JobState
from tests.factories import MeetingFactory
from tests.utils import start_worker, stop_worker, wait_for


@pytest.mark.worker
def test_the_minutes_pdf_is_rendered_by_a_real_worker(
    transactional_db, settings, django_capture_on_commit_callbacks
):
    queue = f"test-governance-{uuid.uuid4().hex[:8]}"
    settings.GUSP_JOB_QUEUE = queue
    worker = start_worker(queue, "test-worker-governance.log")
    try:
        meeting = MeetingFactory(day=dt.date(2010, 3, 9), held=True)
        minutes = services.save_minutes(meeting=meeting, text="Compte rendu <rendu> par le worker")
        job = Job.objects.get(key__startswith="governance:minutes-pdf:")
        done = wait_for(lambda: Job.objects.get(pk=job.pk).state == JobState.DONE, timeout=120)
        assert done, Job.objects.get(pk=job.pk).error
        minutes = Minutes.objects.get(pk=minutes.pk)
        assert minutes.pdf_ready
        with minutes.pdf.open("rb") as pdf:
            assert pdf.read(4) == b"%PDF"
        assert worker.poll() is None
    finally:
        stop_worker(worker)
