"""The layout on a 360 px phone, measured in Chromium: the header leaves the page's title near the top,
tables keep their meaning on screen (no column off to the right), charts keep readable labels at 320 px,
the focus ring is visible (3:1 against white), and the forms put the focus on their errors."""

import re

import pytest
from playwright.sync_api import expect

from actions.models import Action
from governance.models import AgendaItem
from tests.e2e.conftest import ARTIFACTS
from tests.utils import log_in_browser

FOCUS_CONTRAST = 3.0


def contrast(rgb: str, background=(255, 255, 255)) -> float:
    """WCAG contrast ratio of a CSS `rgb(r, g, b)` colour against a background."""

    def luminance(channels):
        def linear(c):
            c = c / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (linear(c) for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    channels = [int(v) for v in re.findall(r"\d+", rgb)[:3]]
    lighter, darker = sorted([luminance(channels), luminance(background)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.browser
def test_header_tables_and_focus_ring_on_a_phone(phone_page):
    page = phone_page
    log_in_browser(page, "opac-sud")
    # The header is one line; the menu (and who is logged in) opens from the « Menu » button.
    heading = page.get_by_role("heading", level=1)
    assert heading.bounding_box()["y"] < 200, heading.bounding_box()
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("link", name="Mes actions", exact=True)).to_be_hidden()
    menu.tap()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("link", name="Mes actions", exact=True)).to_be_visible()
    expect(page.get_by_text("Connecté(e) :")).to_have_count(1)  # said to screen readers, short on screen
    page.screenshot(path=ARTIFACTS / "phone-menu.png")
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")

    # The late actions of the home page: each row a card, every field on screen with its label.
    late = page.get_by_role("region", name="Actions en retard")
    for label in ["Quartier", "Échéance", "État", "Avancement"]:
        cell = late.locator(f'td[data-label="{label}"]').first
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, (label, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # The focus ring of a link, of a button and of the file field: 3 px, at least 3:1 against white.
    action = Action.objects.get(title__startswith="Formation inter-bailleurs")
    page.goto(page.base_url + f"/actions/{action.pk}/journal/nouveau/")
    for target in [
        page.get_by_role("link", name="Annuler"),
        page.get_by_role("button", name="Enregistrer"),
        page.get_by_label("Photos ou documents"),
    ]:
        target.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # the keyboard's focus: :focus-visible
        style = target.evaluate(
            "e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }"
        )
        assert style[0] != "none" and float(style[1].removesuffix("px")) >= 2, (target, style)
        assert contrast(style[2]) >= FOCUS_CONTRAST, (target, style)


@pytest.mark.browser
def test_chart_labels_stay_readable_at_320_px(browser_context, demo_site):
    page = browser_context.new_page()
    log_in_browser_at(page, demo_site.url, "coordination")
    action = Action.objects.filter(indicators__measurements__isnull=False).first()
    for width in (320, 360, 600, 1280):
        page.set_viewport_size({"width": width, "height": 740})
        page.goto(demo_site.url + action.get_absolute_url())
        sizes = page.evaluate(
            """() => [...document.querySelectorAll("svg.chart-svg")]
                .filter((svg) => svg.getBoundingClientRect().width > 0)
                .flatMap((svg) => [...svg.querySelectorAll("text")].map((text) =>
                    text.getAttribute("font-size") * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width))"""
        )
        assert sizes, width
        assert min(sizes) >= 12, (width, min(sizes))
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if width == 320:
            page.screenshot(path=ARTIFACTS / "phone-chart-320.png", full_page=True)


def log_in_browser_at(page, base_url, username):
    page.base_url = base_url
    log_in_browser(page, username)


@pytest.mark.browser
def test_errors_get_the_focus_and_removing_asks_first(browser_context, demo_site):
    page = browser_context.new_page()
    page.base_url = demo_site.url
    # A refused login: the error gets the focus, both fields point at it, the name stays typed.
    page.goto(page.base_url + "/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("coordination")
    page.get_by_label("Mot de passe").fill("pas-le-bon")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("#login-error")).to_be_focused()
    for label in ["Nom d’utilisateur", "Mot de passe"]:
        field = page.get_by_label(label)
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_attribute("aria-describedby", re.compile(r"\blogin-error\b"))
    expect(page.get_by_label("Nom d’utilisateur")).to_have_value("coordination")

    log_in_browser(page, "coordination")
    item = AgendaItem.objects.exclude(meeting__status="cancelled").select_related("meeting").first()
    # Planning a year with nothing filled in: the error summary gets the focus.
    page.goto(page.base_url + f"/instances/{item.meeting.committee_id}/planifier-une-annee/")
    page.get_by_role("button", name="Prévisualiser").click()
    expect(page.locator("[data-autofocus]")).to_be_focused()

    # « Retirer » an agenda item asks first; each item's buttons say which item they act on.
    page.goto(page.base_url + item.meeting.get_absolute_url())
    page.get_by_role("link", name=f"Retirer le point « {item.title} »").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Retirer ce point de l'ordre du jour ?")
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    page.get_by_role("button", name="Retirer le point").click()
    expect(page.get_by_text("Le point a été retiré de l'ordre du jour.")).to_be_visible()
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
