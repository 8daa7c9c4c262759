import io
import os
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections

from tests.utils import DEMO_PASSWORD

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "var" / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser_page(live_server, transactional_db):
    """A page in Debian's headless Chromium (driven by Playwright, no browser download), the Vitrolles
    charter loaded behind a live server."""
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures are safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    call_command("load_demo", password=DEMO_PASSWORD, stdout=io.StringIO())
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    threads_before = set(threading.enumerate())
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.base_url = live_server.url
        try:
            yield page
        finally:
            # ORM calls made while Playwright's loop runs get their own connection: close it here.
            connections.close_all()
            context.close()
            browser.close()
    wait_for_request_threads(threads_before)
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def wait_for_request_threads(threads_before, timeout: float = 10.0) -> None:
    """The live server answers each keep-alive connection in a thread that holds a database connection
    until the browser's socket closes; wait for them so that the test database can be dropped."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not [t for t in threading.enumerate() if t not in threads_before and t.is_alive()]:
            return
        time.sleep(0.05)
