import contextlib
import io
import os
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections

from charter.data import VITROLLES_2007
from tests.utils import DEMO_PASSWORD

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "var" / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 360, "height": 740}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def chromium():
    """Debian's headless Chromium, driven by Playwright (no browser download): one browser per test module,
    each test opening its own context (cookies, viewport) in it."""
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures are safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def demo_site(live_server, transactional_db):
    """The Vitrolles charter loaded behind the live server (committed: the server's threads see it)."""
    call_command("load_demo", data=VITROLLES_2007, password=DEMO_PASSWORD, stdout=io.StringIO())
    return live_server


@contextlib.contextmanager
def open_context(browser, **options):
    """A fresh browser context (no cookies), closed with its pages at the end, after which the live
    server's request threads are waited for."""
    threads_before = set(threading.enumerate())
    context = browser.new_context(locale="fr-FR", **options)
    context.set_default_timeout(15_000)
    try:
        yield context
    finally:
        # ORM calls made while Playwright's loop runs get their own connection: close it here.
        connections.close_all()
        context.close()
        wait_for_request_threads(threads_before)


@pytest.fixture
def browser_context(chromium, demo_site):
    """A browser context on the demo, phone-sized (390 × 844)."""
    with open_context(chromium, viewport={"width": 390, "height": 844}) as context:
        yield context


@pytest.fixture
def phone_page(chromium, demo_site):
    """A page on a touch-screen phone of 360 × 740 (the field referents'), on the demo."""
    with open_context(
        chromium, viewport=PHONE, has_touch=True, is_mobile=True, device_scale_factor=2
    ) as context:
        page = context.new_page()
        page.base_url = demo_site.url
        yield page


@pytest.fixture
def browser_page(browser_context, demo_site):
    """A page in headless Chromium, the Vitrolles charter loaded behind a live server."""
    page = browser_context.new_page()
    page.base_url = demo_site.url
    return page


def wait_for_request_threads(threads_before, timeout: float = 10.0) -> None:
    """The live server answers each keep-alive connection in a thread that holds a database connection
    until the browser's socket closes; wait for them so that the test database can be dropped."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not [t for t in threading.enumerate() if t not in threads_before and t.is_alive()]:
            return
        time.sleep(0.05)
