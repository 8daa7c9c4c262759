"""Jobs go through a real broker to a real Celery worker process (filesystem transport by default,
Redis when REDIS_URL is set)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def worker():
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "gusp.settings.test"}
    log = open(BASE_DIR / "var" / "test-worker.log", "wb")  # noqa: SIM115 - closed at teardown
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
            "-n",
            f"test-{uuid.uuid4().hex[:8]}@%h",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    yield process
    process.terminate()
    process.wait(timeout=30)
    log.close()


@pytest.mark.worker
def test_a_task_runs_in_a_real_worker(worker):
    from gusp.celery import app, ping

    result = ping.delay()
    assert result.get(timeout=90) == "pong"
    assert worker.poll() is None  # the worker is still alive
    assert app.conf.task_acks_late is True
    assert app.conf.worker_prefetch_multiplier == 1
