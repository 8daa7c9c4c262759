"""The errands of the field, on a 360 × 740 phone (touch screen) in headless Chromium, counted as a person
would: page loads and taps from the home page, without zooming.

- A landlord's referent logs an intervention with a photo: at most 4 page loads and 8 taps.
- A committee member downloads the latest minutes: the same bounds.

A page load is a `load` event of the page, or a form sent in the background whose answer replaces the
page (static/js/gusp.js does so for forms with files): both are counted. A tap is a tap on a link, a
button or a field; choosing a photo counts two (opening the picker, picking), typing counts none. Each
page must fit the screen's width (no horizontal scrolling: no zoom needed), and everything tapped must
be at least 44 px high (the actions done in the field)."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from actions.models import Intervention
from charter.models import User
from tests.e2e.conftest import ARTIFACTS, PHONE
from tests.utils import log_in_browser, run_jobs

MAX_LOADS, MAX_TAPS = 4, 8
TAP_TARGET = 44


class Journey:
    """Counts page loads and taps on a page; checks that each page fits the screen and each target is big
    enough to tap."""

    def __init__(self, page):
        self.page, self.loads, self.taps, self.log = page, 0, 0, []
        page.on("load", lambda _page: self._loaded("chargement"))
        page.on("request", self._request)

    def _request(self, request):
        # A form sent in the background (fetch, POST) whose answer replaces the page.
        if request.method == "POST" and request.resource_type == "fetch":
            self._loaded("formulaire envoyé en arrière-plan")

    def _loaded(self, how):
        self.loads += 1
        self.log.append(f"page {self.loads} ({how})")

    def tap(self, locator, count: int = 1):
        locator.scroll_into_view_if_needed()
        box = locator.bounding_box()
        assert box is not None, locator
        assert box["height"] >= TAP_TARGET, f"{locator} is {box['height']:.0f} px high"
        self.fits_the_screen()
        self.taps += count
        self.log.append(f"tap {self.taps}: {locator}")
        return locator

    def fits_the_screen(self):
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{self.page.url} is {width} px wide: the page must be zoomed out"

    def check(self):
        print("\n" + "\n".join(self.log) + f"\n=> {self.loads} page loads, {self.taps} taps")
        assert self.loads <= MAX_LOADS, self.log
        assert self.taps <= MAX_TAPS, self.log


def _photo(tmp_path, name="cage-b.jpg"):
    path = tmp_path / name
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 140, 60)).save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.browser
def test_a_referent_logs_an_intervention_with_a_photo_from_the_home_page(phone_page, tmp_path):
    page = phone_page
    log_in_browser(page, "opac-sud")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bonjour")
    journey = Journey(page)
    journey.loads = 1  # the home page, where the errand starts
    journey.log.append("page 1 (accueil)")

    journey.tap(page.get_by_role("link", name="Mes actions : consigner une intervention")).tap()
    expect(page.get_by_role("heading", level=1, name="Mes actions")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "phone-my-actions.png", full_page=True)
    consign = page.get_by_role("link", name="Consigner une intervention sur « Formation inter-bailleurs")
    journey.tap(consign).tap()
    les_pins = User.objects.get(username="opac-sud").organisation.residences.get(name="Les Pins")
    expect(page.get_by_label("Résidence")).to_have_value(str(les_pins.pk))  # the only one: chosen already
    journey.tap(page.get_by_label("Ce qui a été fait")).tap()
    page.get_by_label("Ce qui a été fait").fill("Nettoyage du hall, cage B")
    journey.tap(page.get_by_label("Photos ou documents"), count=2)  # open the picker, pick the photo
    page.get_by_label("Photos ou documents").set_input_files(str(_photo(tmp_path)))
    journey.tap(page.get_by_role("button", name="Enregistrer")).tap()

    expect(page.get_by_text("L'intervention a été consignée au journal.")).to_be_visible()
    expect(page.get_by_role("link", name="cage-b.jpg")).to_be_visible()
    journey.fits_the_screen()
    page.screenshot(path=ARTIFACTS / "phone-intervention-logged.png", full_page=True)
    journey.check()
    entry = Intervention.objects.get(text="Nettoyage du hall, cage B")
    assert entry.residence.name == "Les Pins" and entry.attachments.get().original_name == "cage-b.jpg"


@pytest.mark.browser
def test_a_refused_journal_entry_keeps_the_chosen_photo(phone_page, tmp_path):
    """The server refuses the entry (a date in the future): the page shows the error, and the photo is still
    chosen (the file field keeps it, and says so): sending again after the fix saves it."""
    page = phone_page
    log_in_browser(page, "opac-sud")
    page.goto(page.base_url + "/mes-actions/")
    page.get_by_role("link", name="Consigner une intervention sur « Formation inter-bailleurs").tap()
    page.get_by_label("Date").fill("2099-06-01")
    page.get_by_label("Ce qui a été fait").fill("Réparation de la porte, entrée 2")
    page.get_by_label("Photos ou documents").set_input_files(str(_photo(tmp_path, "porte.jpg")))
    page.get_by_role("button", name="Enregistrer").tap()

    expect(page.get_by_text("ne peut pas être dans le futur")).to_be_visible()
    expect(page.get_by_text("Fichiers gardés, rien à choisir de nouveau : porte.jpg.")).to_be_visible()
    assert page.get_by_label("Photos ou documents").evaluate("input => input.files.length") == 1
    assert page.evaluate("document.activeElement.matches('[data-autofocus]')")
    page.screenshot(path=ARTIFACTS / "phone-intervention-refused.png", full_page=True)
    assert not Intervention.objects.filter(text="Réparation de la porte, entrée 2").exists()

    page.get_by_label("Date").fill("2008-01-15")
    page.get_by_role("button", name="Enregistrer").tap()
    expect(page.get_by_text("L'intervention a été consignée au journal.")).to_be_visible()
    entry = Intervention.objects.get(text="Réparation de la porte, entrée 2")
    assert entry.attachments.get().original_name == "porte.jpg"


@pytest.mark.browser
def test_a_committee_member_downloads_the_latest_minutes_from_the_home_page(phone_page):
    page = phone_page
    log_in_browser(page, "comite")
    expect(page.get_by_role("heading", name="Derniers comptes rendus")).to_be_visible()
    journey = Journey(page)
    journey.loads = 1
    journey.log.append("page 1 (accueil)")
    page.screenshot(path=ARTIFACTS / "phone-committee-home.png", full_page=True)

    latest = page.get_by_role("region", name="Derniers comptes rendus").get_by_role("link").first
    journey.tap(latest).tap()
    expect(page.get_by_role("heading", name="Compte rendu", exact=True)).to_be_visible()
    download_link = page.get_by_role("link", name="Télécharger le PDF")
    if not download_link.count():
        # No PDF yet: ask for it; the page follows the job (no reload by hand) and offers the file.
        journey.tap(page.get_by_role("button", name="Préparer le PDF")).tap()
        expect(page.locator("[data-job-status-url]")).to_be_visible()
        assert run_jobs() == ["done"]
    expect(download_link).to_be_visible(timeout=20_000)
    with page.expect_download() as download:
        journey.tap(download_link).tap()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    page.screenshot(path=ARTIFACTS / "phone-minutes.png", full_page=True)
    journey.check()
