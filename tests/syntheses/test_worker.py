"""Syntheses made by real Celery worker processes, through the broker (filesystem transport by default, Redis
when REDIS_URL is set), on a queue of their own so that no other worker takes the jobs:

- a committee member asks through the web page, waits, downloads: the PDF holds the expected sheets,
  figures and page numbers, and a quarter's synthesis nothing of another quarter;
- a worker SIGKILLed in the middle of a synthesis, another started: the sweeper puts the job back (a short
  GUSP_JOB_LEASE_SECONDS in the workers' environment and here), and there is exactly one finished file."""

import hashlib
import os
import shutil
import signal
import time
import uuid
from pathlib import Path

import pytest
from django.urls import reverse

from gusp.core import jobs
from gusp.core.models import Job, JobState
from gusp.syntheses import services
from gusp.syntheses.models import Synthesis
from tests.factories import ActionFactory, ProjectSheetFactory
from tests.utils import body, client_as, start_worker, stop_worker

from .conftest import build_world, pdf_text

LEASE = 3


def wait_until(condition, *, timeout: float, what: str, every: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"Toujours pas au bout de {timeout} s : {what}")


@pytest.fixture
def workers(transactional_db, settings):
    """`start()` starts a worker process reading a queue of this test only (`GUSP_JOB_QUEUE`, here and in
    the worker), with a short job lease; every worker is stopped at the end. Files go to the workers' media
    folder (gusp.settings.test: VAR_DIR / "test-media"), whose syntheses are cleared first."""
    queue = f"test-syntheses-{uuid.uuid4().hex[:8]}"
    settings.GUSP_JOB_QUEUE = queue
    settings.GUSP_JOB_LEASE_SECONDS = LEASE
    settings.MEDIA_ROOT = settings.VAR_DIR / "test-media"
    shutil.rmtree(settings.MEDIA_ROOT / "syntheses", ignore_errors=True)
    started = []

    def start():
        process = start_worker(queue, "test-worker-syntheses.log", GUSP_JOB_LEASE_SECONDS=LEASE)
        started.append(process)
        return process

    yield start
    for process in started:
        stop_worker(process)


@pytest.fixture
def world(small_world):
    return build_world(small_world)


def ask(client, world, territory) -> Synthesis:
    before = set(Synthesis.objects.values_list("pk", flat=True))
    response = client.post(
        reverse("syntheses:history", args=[world.charter.slug]),
        {
            "theme": "",
            "territory": territory.pk,
            "starts_on": world.charter.starts_on.isoformat(),
            "ends_on": world.charter.ends_on.isoformat(),
            "form_key": uuid.uuid4().hex,
        },
    )
    assert response.status_code == 302
    return Synthesis.objects.exclude(pk__in=before).get()


@pytest.mark.worker
def test_a_committee_member_asks_waits_and_downloads_a_synthesis_made_by_a_worker(workers, world):
    workers()
    member = client_as(world.member)
    here = ask(member, world, world.territory)
    there = ask(member, world, world.other_territory)
    assert "En attente" in member.get(here.get_absolute_url()).content.decode() or here.job.state != "pending"

    def made():
        return all(s.is_ready for s in Synthesis.objects.filter(pk__in=[here.pk, there.pk]))

    wait_until(made, timeout=240, what="les deux synthèses", every=0.5)
    texts = {}
    for synthesis in (here, there):
        synthesis.refresh_from_db()
        response = member.get(synthesis.get_download_url())
        assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
        content = body(response)
        assert hashlib.sha256(content).hexdigest() == synthesis.checksum
        texts[synthesis.pk] = pdf_text(content)

    text = texts[here.pk]
    for marker in ["Fiche n°1 — Propreté des halls", "Fiche n°8 — Éclairage des cheminements",
                   "Nettoyage AMANDIERS_ACTION_1 — en retard", "AMANDIERS_JOURNAL", "AMANDIERS_CONSTAT",
                   "AMANDIERS_DECISION", "1 234,56 €", "Pannes signalées", f"Page {here.pages} sur {here.pages}"]:  # fmt: skip
        assert marker in text, marker
    assert "MOULIN" not in text and "Vieux Moulin" not in text and "Espaces verts" not in text

    text = texts[there.pk]
    for marker in ["Fiche n°2 — Espaces verts", "Tonte MOULIN_ACTION_2", "MOULIN_JOURNAL", "MOULIN_CONSTAT",
                   "MOULIN_DECISION", "777,00 €", f"Page {there.pages} sur {there.pages}"]:  # fmt: skip
        assert marker in text, marker
    assert "AMANDIERS" not in text and "Les Amandiers" not in text and "Propreté des halls" not in text


@pytest.mark.worker
def test_a_worker_killed_mid_synthesis_leaves_one_file_once_another_takes_over(workers, world):
    for n in range(6):  # a document long enough to be caught while it is laid out
        sheet = ProjectSheetFactory(
            charter=world.charter, theme=world.theme_a, number=30 + n, all_territories=True,
            expected_results="Des objectifs. " * 40,
        )  # fmt: skip
        for _ in range(4):
            ActionFactory(sheet=sheet, territory=world.territory, late=True)
    first = workers()
    synthesis = services.request_synthesis(charter=world.charter, requested_by=world.member)
    job_id = synthesis.job_id

    def laying_out():
        job = Job.objects.get(pk=job_id)
        return job.state == JobState.RUNNING and job.message == "Mise en page du document"

    wait_until(laying_out, timeout=120, what="la mise en page", every=0.02)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    synthesis.refresh_from_db()
    job = Job.objects.get(pk=job_id)
    assert not synthesis.is_ready and job.state == JobState.RUNNING and job.attempts == 1  # caught mid-way

    workers()
    time.sleep(LEASE + 1)  # no sign of life from the killed worker for longer than the lease
    assert jobs.sweep() >= 1  # what Celery beat runs every GUSP_JOB_SWEEP_SECONDS
    wait_until(
        lambda: Synthesis.objects.get(pk=synthesis.pk).is_ready, timeout=240, what="la reprise", every=0.5
    )

    synthesis.refresh_from_db()
    job = Job.objects.get(pk=job_id)
    assert job.state == JobState.DONE and job.attempts == 2
    folder = Path(synthesis.file.storage.path(synthesis.storage_name)).parent
    assert sorted(p.name for p in folder.iterdir()) == [f"synthese-{synthesis.pk}.pdf"]
    with synthesis.file.open("rb") as handle:
        content = handle.read()
    assert hashlib.sha256(content).hexdigest() == synthesis.checksum
    assert "Fiche n°1 — Propreté des halls" in pdf_text(content)
