import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import DEMO_PASSWORD

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "var" / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
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
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.base_url = live_server.url
        try:
            yield page
        finally:
            context.close()
            browser.close()
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
