"""End to end, in a real browser on a phone-sized screen: a landlord referent logs in, opens one of
their residences, edits it, and is refused on another landlord's edit page."""

import re

import pytest
from playwright.sync_api import expect

from charter.models import Residence
from tests.e2e.conftest import ARTIFACTS
from tests.utils import log_in_browser


@pytest.mark.browser
def test_landlord_referent_journey(browser_page):
    page = browser_page
    log_in_browser(page, "opac-sud")

    expect(page.get_by_role("heading", name="Les résidences dont vous avez la charge")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "landlord-home.png", full_page=True)

    # Open one of its residences from the home page.
    page.get_by_role("link", name="Les Pins").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Les Pins")
    expect(page.locator("main").get_by_text("OPAC Sud").first).to_be_visible()
    page.get_by_role("link", name="Modifier la résidence").click()
    page.get_by_label("Observations").fill("Passage de l'entreprise de nettoyage, cage B")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("La résidence a été enregistrée.")).to_be_visible()
    expect(page.get_by_text("Passage de l'entreprise de nettoyage, cage B")).to_be_visible()

    # Another landlord's edit page: refused, and nothing to edit.
    other = Residence.objects.get(landlord__slug="logirem")
    response = page.goto(page.base_url + f"/residences/{other.pk}/modifier/")
    assert response.status == 404
    expect(page.get_by_role("button", name="Enregistrer")).to_have_count(0)
    page.screenshot(path=ARTIFACTS / "landlord-refused.png", full_page=True)
    other.refresh_from_db()
    assert other.notes == ""


@pytest.mark.browser
def test_coordinator_sees_a_clear_french_error(browser_page):
    page = browser_page
    log_in_browser(page, "coordination")
    expect(page.get_by_text("vous coordonnez")).to_be_visible()

    page.get_by_role("link", name="Charte de Gestion Urbaine et Sociale de Proximité").first.click()
    page.get_by_role("link", name="Ajouter une résidence").click()
    page.get_by_label(re.compile(r"^Nom\b(?! de)")).fill("Résidence test")
    page.get_by_label("Quartier").select_option(label="Les Hermes")
    page.get_by_label("Bailleur").select_option(label="OPAC Sud")
    page.get_by_label("Nombre de logements").fill("-3")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text(re.compile("supérieure ou égale à 0"))).to_be_visible()
    page.screenshot(path=ARTIFACTS / "coordinator-error.png", full_page=True)
    assert not Residence.objects.filter(name="Résidence test").exists()
