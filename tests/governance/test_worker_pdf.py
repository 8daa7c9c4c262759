"""The minutes PDF rendered by a real Celery worker process, through the broker (filesystem transport by
default, Redis when REDIS_URL is set), on a queue of its own so that no other worker takes the job."""

import datetime as dt
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from governance.models import Committee, CommitteeKind, MeetingStatus, Minutes
from tests.factories import CharterFactory
from tests.governance.conftest import plan

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def worker_database_url() -> str:
    """The address of the test database, for the worker process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = f"{quote(db['USER'])}:{quote(db['PASSWORD'])}@" if db["USER"] else ""
    return f"postgres://{credentials}{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker_queue(transactional_db):
    queue = f"test-governance-{uuid.uuid4().hex[:8]}"
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "gusp.settings.test", "DATABASE_URL": worker_database_url()}
    log = open(settings.VAR_DIR / "test-worker-governance.log", "wb")  # noqa: SIM115 - closed at teardown
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "gusp",
            "worker",
            "--pool=solo",
            "--loglevel=warning",
            "--without-gossip",
            "--without-mingle",
            "-Q",
            queue,
            "-n",
            f"{queue}@%h",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    yield queue
    process.terminate()
    process.wait(timeout=30)
    log.close()


@pytest.mark.worker
def test_the_minutes_pdf_is_rendered_by_a_real_worker(worker_queue):
    from governance.tasks import render_minutes_pdf

    charter = CharterFactory()
    committee = Committee.objects.create(
        charter=charter, kind=CommitteeKind.TECHNICAL, name="Comité technique"
    )
    meeting = plan(committee, dt.date(2010, 3, 9))
    meeting.status = MeetingStatus.HELD
    meeting.save()
    minutes = Minutes.objects.create(meeting=meeting, text="Compte rendu <rendu> par le worker")

    result = render_minutes_pdf.apply_async(args=[minutes.pk, minutes.revision], queue=worker_queue)
    assert result.get(timeout=120) is True
    minutes.refresh_from_db()
    assert minutes.pdf_ready
    assert (settings.MEDIA_ROOT / minutes.pdf.name).read_bytes().startswith(b"%PDF")
