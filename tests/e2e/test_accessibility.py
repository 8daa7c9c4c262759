"""axe-core in Chromium on every page of the platform, for each role, on a phone and on a desktop screen.

The pages are found from the URL conf as tests/test_form_ids.py finds them (every named route whose
parameters the Vitrolles demo can fill), GETs only; each role (anonymous visitor, the coordination, a
landlord's referent, a committee member, a platform operator past the second factor) opens those that
answer it with an HTML page, plus the page of
a missing address. On each page axe-core (vendored from npm: tests/e2e/vendor/axe-core, `make vendor`)
runs the WCAG 2.0 and 2.1 level A and AA rules at 1280 px and at 360 px: no violation is allowed. axe is
added to every page by Playwright before the page's own scripts (`add_init_script`), so that the page's
Content Security Policy stays on, as users get it. Each page must also have a title of its own.

About 200 pages × 2 widths: one browser for the module, the pages opened a few at a time (Playwright's
async API) so that both cores work — the live server renders a page while Chromium runs axe on another."""

import asyncio
import os
import re
import threading
from collections import defaultdict
from pathlib import Path

import pytest
from django.db import connections
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from charter.models import Charter, Organisation, User
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, wait_for_request_threads
from tests.test_form_ids import demo_objects, parameters_of, routes
from tests.utils import client_as

OPERATOR = "operateur"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
ROLES = [None, "coordination", "opac-sud", "comite", OPERATOR]
WIDTHS = [{"width": 1280, "height": 800}, {"width": 360, "height": 740}]
RULE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
MISSING_PAGE = "/cette-page-n-existe-pas/"
WORKERS = 3  # pages open at once, per role
RUN_AXE = """async (tags) => {
  const results = await window.axe.run(document, {
    runOnly: { type: "tag", values: tags }, resultTypes: ["violations"],
  });
  return results.violations.map((v) => ({
    id: v.id, help: v.help,
    nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(" ")}: ${n.failureSummary.split("\\n").slice(1).join(" ")}`),
  }));
}"""


def client_for(role):
    """A logged-in client of `role`; the operator's session has passed the second factor (its pages ask for
    it), as after logging in with the code of its authenticator."""
    if role != OPERATOR:
        return client_as(role)
    city = Organisation.objects.get(slug="ville-vitrolles")
    operator, _ = User.objects.get_or_create(
        username=OPERATOR, defaults={"organisation": city, "is_operator": True, "first_name": "Opératrice"}
    )
    device, _ = TOTPDevice.objects.get_or_create(
        user=operator, defaults={"name": "Application", "confirmed": True}
    )
    client = client_as(operator)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def html_pages(role) -> list[tuple[str, str]]:
    """(route name, URL) of every page that answers `role` with an HTML page (200), and the missing page."""
    client = client_for(role)
    objects = demo_objects(Charter.objects.get(slug="vitrolles-2007"))
    found = []
    for name, route, _view in routes():
        parameters = parameters_of(route, objects)
        if parameters is None:
            continue
        url = reverse(name, kwargs=parameters)
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            found.append((name, url))
    return [*found, ("404", MISSING_PAGE)]


async def check_role(browser, base_url, role, pages, session) -> tuple[list[str], dict]:
    """Open every page of `pages` as `role` at both widths, run axe: (violations, {title: route names})."""
    from playwright.async_api import Error

    context = await browser.new_context(locale="fr-FR")
    if session:
        await context.add_cookies([{"name": "sessionid", "value": session, "url": base_url}])
    await context.add_init_script(path=str(AXE))
    # Nothing leaves the machine: map tiles and any other outside address fail at once.
    await context.route(re.compile(r"^https?://(?!localhost|127\.0\.0\.1)"), lambda route: route.abort())
    queue = asyncio.Queue()
    for page in pages:
        queue.put_nowait(page)
    violations, titles = [], defaultdict(set)
    label = role or "anonyme"

    async def audit(screen, name, url):
        response = await screen.goto(base_url + url)
        expected = 404 if name == "404" else 200
        assert response.status == expected, (label, name, url, response.status)
        titles[await screen.title()].add(name)
        # Both widths on the same load: the screen is resized (media and container queries apply again),
        # starting from the width it has, so that it is resized once per page.
        sizes = WIDTHS if screen.viewport_size == WIDTHS[0] else WIDTHS[::-1]
        for size in sizes:
            if screen.viewport_size != size:
                await screen.set_viewport_size(size)
            for found in await screen.evaluate(RUN_AXE, RULE_TAGS):
                violations.append(
                    f"{label}: {name} {url} at {size['width']} px — {found['id']}: {found['help']}"
                )
                violations.extend(f"    {node}" for node in found["nodes"])

    async def worker():
        screen = await context.new_page()
        await screen.set_viewport_size(WIDTHS[0])
        while not queue.empty():
            name, url = queue.get_nowait()
            try:
                await audit(screen, name, url)
            except Error as error:  # a page that cannot be opened is a failure too, with its address
                violations.append(f"{label}: {name} {url} — {error.message.splitlines()[0]}")

    try:
        await asyncio.gather(*(worker() for _ in range(WORKERS)))
    finally:
        await context.close()
    return violations, titles


async def check_all(base_url, work) -> tuple[list[str], list[str]]:
    from playwright.async_api import async_playwright

    violations, duplicates = [], []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            for role, pages, session in work:
                found, titles = await check_role(browser, base_url, role, pages, session)
                violations += found
                duplicates += [
                    f"{role or 'anonyme'}: « {title} » is the title of {sorted(names)}"
                    for title, names in titles.items()
                    if len(names) > 1
                ]
                print(f"axe: {len(pages)} pages × {len(WIDTHS)} widths for {role or 'anonyme'}")
        finally:
            await browser.close()
    return violations, duplicates


@pytest.mark.browser
def test_every_page_passes_axe_for_every_role_at_360_and_1280_px(demo_site):
    # The pages each role opens, found with Django's test client before the browser starts.
    work = []
    for role in ROLES:
        session = client_for(role).cookies["sessionid"].value if role else None
        work.append((role, html_pages(role), session))
    connections.close_all()
    threads_before = set(threading.enumerate())
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the live server's threads, under the event loop
    try:
        violations, duplicates = asyncio.run(check_all(demo_site.url, work))
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        connections.close_all()
        wait_for_request_threads(threads_before)
    assert not violations, "axe violations (WCAG 2.1 A/AA)\n" + "\n".join(violations)
    assert not duplicates, "pages sharing a title\n" + "\n".join(duplicates)
