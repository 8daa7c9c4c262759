"""End to end on a phone-sized screen: a landlord referent logs what was done on an action, with a photo."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from actions.models import Action, Intervention
from tests.e2e.conftest import ARTIFACTS
from tests.utils import log_in_browser


@pytest.mark.browser
def test_referent_logs_an_intervention_with_a_photo(browser_page, tmp_path):
    page = browser_page
    photo = tmp_path / "cage-b.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 140, 60)).save(buffer, format="JPEG")
    photo.write_bytes(buffer.getvalue())
    action = Action.objects.get(title__startswith="Diagnostic détaillé des parties communes")

    log_in_browser(page, "opac-sud")
    page.goto(page.base_url + action.get_absolute_url())
    page.get_by_role("link", name="Consigner une intervention").click()
    page.get_by_label("Résidence").select_option(label="Les Pins (OPAC Sud)")
    page.get_by_label("Ce qui a été fait").fill("Passage de l'entreprise de nettoyage, cage B")
    page.get_by_label("Heures").fill("2,5".replace(",", "."))
    page.get_by_label("Photos ou documents").set_input_files(str(photo))
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_text("L'intervention a été consignée au journal.")).to_be_visible()
    expect(page.get_by_role("link", name="cage-b.jpg")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "journal.png", full_page=True)
    entry = Intervention.objects.get(action=action, text="Passage de l'entreprise de nettoyage, cage B")
    assert entry.attachments.get().width == 64
