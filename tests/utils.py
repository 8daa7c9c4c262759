"""Helpers shared by the tests, each written once: the state of the database (to check that a refused
request wrote nothing), test clients logged in as someone, refused form posts, query counts of pages,
dates of meetings, and the login form of the browser tests."""

import datetime as dt
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.forms.models import model_to_dict
from django.test import Client
from django.test.utils import CaptureQueriesContext

from charter.models import User

# The password of the demo accounts in the test database (`load_demo --password`).
DEMO_PASSWORD = "demo-test-password"
PARIS = ZoneInfo("Europe/Paris")


# The database --------------------------------------------------------------------------------------


def all_counts() -> dict[str, int]:
    """Row counts of every table. Equal before and after a request: the request wrote nothing (log the
    test client in before taking the first count: logging in writes a session)."""
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def stored_state(obj) -> tuple:
    """A record as stored (its fields and its number of versions in the history) and the row counts of
    every table: unchanged after a refused edit."""
    fresh = type(obj).objects.get(pk=obj.pk)
    return model_to_dict(fresh), fresh.history.count(), all_counts()


# Requests ------------------------------------------------------------------------------------------


def client_as(who: User | str | None) -> Client:
    """A test client logged in as that user (a User, or the username of a demo account); None: anonymous."""
    client = Client()
    if who is not None:
        client.force_login(who if isinstance(who, User) else User.objects.get(username=who))
    return client


def body(response) -> bytes:
    """The bytes of a response, streamed (files, exports) or not."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_refused(client, url: str, data: dict, message: str) -> str:
    """Post a form that must be refused: a 400 page that shows `message` and says nothing was saved, and
    no row written anywhere. Returns the page."""
    before = all_counts()
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 400, (response.status_code, html[:3000])
    errors = html.find("errorlist")
    assert message in html, html[max(errors - 200, 0) : errors + 800] if errors >= 0 else html[:3000]
    assert "rien n'a été enregistré" in html or "rien n&#x27;a été enregistré" in html
    assert all_counts() == before
    return html


def log_in_browser(page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the login form, in a browser test."""
    page.goto(page.base_url + "/connexion/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


# Query counts --------------------------------------------------------------------------------------


def count_queries(client, pages: dict[str, str]) -> dict[str, int]:
    """{page name: number of SQL queries} for a GET of each page (which must answer 200)."""
    counts = {}
    for name, url in pages.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        counts[name] = len(queries)
    return counts


def assert_query_counts(small: dict[str, int], large: dict[str, int], snapshot) -> None:
    """The pages make as many queries with more data (`large == small`), and no more than recorded in the
    snapshot (`small == snapshot`: `__snapshots__/<test file>.ambr`, one entry per test and role). A page
    that changes on purpose: run its test with `--snapshot-update` and commit the snapshot's diff."""
    assert large == small
    assert small == snapshot


# Form data -----------------------------------------------------------------------------------------
# What a form posts when nothing is changed on the record's page; overrides change or add fields.

SHEET_TEXT_FIELDS = [
    "place_note",
    "findings",
    "expected_results",
    "description",
    "lead_note",
    "partners_note",
    "schedule_note",
    "means",
    "funding_sources",
    "tools",
    "evaluation",
    "feasibility",
]


def _pks(related) -> list[int]:
    return list(related.values_list("pk", flat=True))


def sheet_payload(sheet, **overrides) -> dict:
    """The project sheet form of `sheet`, as stored."""
    data = {
        "number": sheet.number,
        "title": sheet.title,
        "theme": sheet.theme_id,
        "sub_theme": sheet.sub_theme_id or "",
        "status": sheet.status,
        "territories": _pks(sheet.territories),
        "lead": sheet.lead_id or "",
        "partners": _pks(sheet.partners),
        "orientations": _pks(sheet.orientations),
        "charter_note": sheet.charter_note,
        "estimated_cost": sheet.estimated_cost if sheet.estimated_cost is not None else "",
    } | {field: getattr(sheet, field) for field in SHEET_TEXT_FIELDS}
    if sheet.all_territories:
        data["all_territories"] = "on"
    if sheet.is_published:
        data["is_published"] = "on"
    return data | overrides


def action_payload(action, **overrides) -> dict:
    """The action form of `action`, as stored."""
    return {
        "title": action.title,
        "description": action.description,
        "lead": action.lead_id,
        "partners": _pks(action.partners),
        "territory": action.territory_id or "",
        "residences": _pks(action.residences),
        "starts_on": action.starts_on.isoformat(),
        "due_on": action.due_on.isoformat(),
        "status": action.status,
        "progress": action.progress,
        "indicators": _pks(action.indicators),
    } | overrides


def meeting_payload(day: dt.date, **overrides) -> dict:
    """The meeting form: `day` from 14:00 to 16:00 at the town hall, no subject."""
    return {
        "subject": "",
        "starts_at": f"{day:%Y-%m-%d}T14:00",
        "ends_at": f"{day:%Y-%m-%d}T16:00",
        "place": "Hôtel de ville",
    } | overrides


# Jobs ----------------------------------------------------------------------------------------------


def run_jobs() -> list[str]:
    """Run the durable jobs waiting in the database (e-mails, PDFs), oldest first, as the worker would
    (`gusp.core.jobs.run`); returns the states they end in."""
    from gusp.core import jobs
    from gusp.core.models import Job, JobState

    pending = Job.objects.filter(state=JobState.PENDING).order_by("pk").values_list("pk", flat=True)
    return [jobs.run(pk) for pk in list(pending)]


# Meetings ------------------------------------------------------------------------------------------


def at(day: dt.date, hour: int = 14) -> dt.datetime:
    """That day at that hour, Paris time."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=PARIS)


# Real Celery workers -------------------------------------------------------------------------------


BASE_DIR = Path(__file__).resolve().parent.parent


def worker_database_url() -> str:
    """The address of the test database, for a worker process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = f"{quote(db['USER'])}:{quote(db['PASSWORD'] or '')}@" if db["USER"] else ""
    return f"postgres://{credentials}{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(queue: str, log_name: str, **env) -> subprocess.Popen:
    """A real Celery worker process (solo pool) reading only `queue`, on the test database and the
    configured broker (filesystem transport, or Redis with REDIS_URL), with extra environment `env`."""
    environment = (
        os.environ
        | {
            "DJANGO_SETTINGS_MODULE": "gusp.settings.test",
            "DATABASE_URL": worker_database_url(),
            "GUSP_JOB_QUEUE": queue,
        }
        | {key: str(value) for key, value in env.items()}
    )
    with open(settings.VAR_DIR / log_name, "ab") as log:  # the child keeps its own copy of the file
        return subprocess.Popen(
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
                "--without-heartbeat",
                "-Q",
                queue,
                "-n",
                f"{queue}-{uuid.uuid4().hex[:6]}@%h",
            ],
            cwd=BASE_DIR,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def stop_worker(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def wait_for(predicate, *, timeout: float, interval: float = 0.5):
    """Poll `predicate()` until it returns something true (returned) or `timeout` seconds pass (None)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return None
