"""End to end, on a 360 px phone in headless Chromium: findings typed without network are kept on the
device (service worker + IndexedDB), survive a reload of the page, and are sent once the network is back —
exactly once each, with their photos."""

import io
import time

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from charter.data import VITROLLES_2007
from charter.models import User
from diagnostics import demo as diagnostics_demo
from diagnostics import services
from diagnostics.models import Finding, FindingPhoto, WalkingDiagnostic
from tests.e2e.conftest import ARTIFACTS
from tests.utils import log_in_browser


def _photo(tmp_path, name, color):
    path = tmp_path / name
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), color).save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def _wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return condition()


@pytest.mark.browser
def test_findings_typed_offline_are_sent_once_the_network_is_back(browser_page, tmp_path):
    page = browser_page
    context = page.context
    page.set_viewport_size({"width": 360, "height": 740})
    diagnostics_demo.load(VITROLLES_2007)
    referent = User.objects.get(username="opac-sud")
    walk = services.save_walk(
        walk=WalkingDiagnostic(territory=referent.organisation.residences.first().territory, sector="Test hors ligne",
                               planned_on=timezone.localdate()),
        author=User.objects.get(username="coordination"),
    )  # fmt: skip
    services.add_member(walk=walk, user=referent)
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    log_in_browser(page, "opac-sud")
    page.goto(page.base_url + f"/diagnostics/marches/{walk.pk}/saisie/")
    expect(page.locator("body[data-offline-ready='1']")).to_have_count(1, timeout=20_000)

    context.set_offline(True)
    for text, category, photo in [
        (
            "Hall souillé, cage 3",
            "Propreté des parties communes",
            _photo(tmp_path, "hall.jpg", (120, 80, 40)),
        ),
        (
            "Ventouse arrachée, entrée 2",
            "Contrôle d'accès, portes, interphones",
            _photo(tmp_path, "porte.jpg", (40, 80, 120)),
        ),
    ]:
        page.get_by_label("Catégorie").select_option(label=category)
        page.get_by_label("Parties communes d'une résidence").check()
        page.get_by_label("Résidence", exact=True).select_option(label="Les Pins (OPAC Sud)")
        page.get_by_label("Description").fill(text)
        page.get_by_label("Photos").set_input_files(str(photo))
        page.get_by_role("button", name="Enregistrer le constat").click()
        expect(page.get_by_label("Description")).to_have_value("")
    expect(page.get_by_text("2 constats en attente d'envoi")).to_be_visible()
    assert Finding.objects.filter(walk=walk).count() == 0

    page.reload()  # still offline: the service worker serves the page, the queue is still on the device
    expect(page.get_by_text("2 constats en attente d'envoi")).to_be_visible()
    assert Finding.objects.filter(walk=walk).count() == 0
    page.screenshot(path=ARTIFACTS / "findings-offline.png", full_page=True)

    context.set_offline(False)
    assert _wait_for(lambda: Finding.objects.filter(walk=walk).count() == 2), "the queue was not sent"
    expect(page.get_by_text("Tous les constats saisis sur cet appareil sont envoyés.")).to_be_visible(
        timeout=20_000
    )
    page.get_by_role("button", name="Envoyer maintenant").count()  # hidden once nothing waits
    time.sleep(1)  # a late duplicate post would land here
    findings = Finding.objects.filter(walk=walk).order_by("pk")
    assert [f.description for f in findings] == ["Hall souillé, cage 3", "Ventouse arrachée, entrée 2"]
    assert all(
        f.client_id and f.assigned_to == referent.organisation and f.created_by == referent for f in findings
    )
    assert FindingPhoto.objects.filter(finding__walk=walk).count() == 2
    assert sorted(p.original_name for p in FindingPhoto.objects.filter(finding__walk=walk)) == [
        "hall.jpg",
        "porte.jpg",
    ]
    assert violations == []


@pytest.mark.browser
def test_the_map_draws_perimeters_and_findings_and_stays_a_list_without_tiles(browser_page, settings):
    """Leaflet under the strict CSP: perimeters and findings drawn; tiles that cannot load leave a note
    and the list below."""
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 740})
    settings.GUSP_MAP_TILE_URL = "/tuiles-absentes/{z}/{x}/{y}.png"
    diagnostics_demo.load(VITROLLES_2007)
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    log_in_browser(page, "coordination")
    page.goto(page.base_url + "/carte/vitrolles-2007/")
    expect(page.locator("[data-map][data-loaded]")).to_have_count(1)
    located = (
        Finding.objects.filter(charter__slug="vitrolles-2007", latitude__isnull=False)
        .exclude(state="moderation")
        .count()
    )
    assert page.locator("[data-map]").get_attribute("data-loaded") == str(located)
    expect(page.locator("path.leaflet-interactive")).to_have_count(6 + located)  # six outlines, the findings
    expect(page.get_by_text("Le fond de carte ne se charge pas")).to_be_visible()
    expect(page.get_by_role("region", name="Constats de la carte")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "findings-map.png", full_page=True)
    assert violations == []
