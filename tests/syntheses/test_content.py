"""What a synthesis holds, read off the PDF (pdftotext): the sheets of its scope with their goals, progress,
actions (late ones marked), journal, indicators, findings and delays, funding and decisions; page numbers
and a table of contents; nothing of another quarter in a quarter's synthesis; the public version without
what the public may not read; users' text escaped and never fetched."""

import re

import pytest

from actions.models import Action, Intervention
from governance.models import Decision
from gusp.syntheses.documents import build_pdf, synthesis_html
from gusp.syntheses.scope import Scope
from tests.factories import ActionFactory

from .conftest import HOSTILE_FILE, HOSTILE_MARKUP, pdf_info, pdf_objects, pdf_text


def scope(world, **kwargs) -> Scope:
    charter = world.charter
    return Scope(
        charter=charter,
        starts_on=charter.starts_on,
        ends_on=charter.ends_on,
        **{"theme": None, "territory": None} | kwargs,
    )


@pytest.fixture
def here(world):
    """The first quarter's synthesis, for the partners: (built, text)."""
    built = build_pdf(scope(world, territory=world.territory))
    return built, pdf_text(built.pdf.content)


def test_a_territory_synthesis_holds_its_sheets_actions_and_figures_with_page_numbers(world, here):
    built, text = here
    assert "Quartier Les Amandiers" in text
    for marker in [
        "Fiche n°1 — Propreté des halls",
        "AMANDIERS_OBJECTIF",
        "Nettoyage AMANDIERS_ACTION_1 — en retard",  # late ones marked
        "Lampadaires AMANDIERS_ACTION_8",  # a sheet about every quarter, its action here
        "AMANDIERS_JOURNAL",
        "AMANDIERS_TOURNEE",  # an action about every quarter, logged here
        "AMANDIERS_CONSTAT",
        "Entrée 3 bis",  # the partners read the exact place
        "AMANDIERS_DECISION",
        "1 234,56 €",  # the funding of the period, in French
        "Pannes signalées",  # the indicator's chart
        "Les Amandiers — ",  # its series, in the chart's values
    ]:
        assert marker in text, marker
    # The sheet's derived progress: its two actions (late 20 %, and none else in sheet 1) — one figure.
    assert re.search(r"Avancement de la fiche : \d+ %", text)
    pages = built.pdf.pages
    assert pages >= 4 and f"Page {pages} sur {pages}" in text and "Page 2 sur" in text
    # The table of contents gives each sheet's page (target-counter): a number after the dotted leader.
    assert re.search(r"Fiche n°1 — Propreté des halls[ .]+\d+", text)


def test_a_territory_synthesis_holds_nothing_of_another_territory(world, here):
    _built, text = here
    for marker in ["MOULIN", "Vieux Moulin", "Espaces verts", "99,00"]:
        assert marker not in text, marker


def test_a_theme_synthesis_holds_the_sheets_of_its_theme_only(world):
    text = pdf_text(build_pdf(scope(world, theme=world.theme_b)).pdf.content)
    assert "Thème B – Tranquillité" in text
    assert "Fiche n°8 — Éclairage des cheminements" in text
    assert "Lampadaires AMANDIERS_ACTION_8" in text and "Lampadaires MOULIN_ACTION_8" in text
    assert "MOULIN_DECISION_ACTION" in text  # a decision about one of its actions
    assert "Propreté des halls" not in text and "AMANDIERS_ACTION_1" not in text
    assert "Hall souillé" not in text  # a finding of theme A (its category feeds sheet 1)


def test_the_public_version_leaves_out_what_the_public_may_not_read(world):
    built = build_pdf(scope(world, territory=world.territory, public=True))
    text = pdf_text(built.pdf.content)
    assert "Version publique" in text
    assert "Fiche n°1 — Propreté des halls" in text and "Lampadaires AMANDIERS_ACTION_8" in text
    assert "AMANDIERS_CONSTAT" in text and "résidence Les Tilleuls" in text  # published, at its public place
    assert "DECISION_PUBLIQUE" in text  # a public meeting whose minutes are published
    for hidden in [
        "AMANDIERS_JOURNAL",  # journals
        "Entrée 3 bis",  # exact places of findings
        "Ville de Testeville :",  # funding details (who gives what)
        "1 234,56",  # funding of a year whose table is not published
        "AMANDIERS_DECISION",  # decisions of a closed committee
        "AMANDIERS_ACTION_1",  # unfinished actions
        "Pannes signalées",  # the partners' indicators
        "en retard",
        world.member.username,
    ]:
        assert hidden not in text, hidden


def test_users_text_is_escaped_and_never_fetched(world, spy_server):
    _server, hits = spy_server
    html = synthesis_html(scope(world, territory=world.territory))
    assert "<script>" not in html and "&lt;script&gt;" in html
    built = build_pdf(scope(world, territory=world.territory))
    text = pdf_text(built.pdf.content)
    assert " ".join(HOSTILE_MARKUP.split()) in text
    assert world.spy_url in text and HOSTILE_FILE in text  # shown as typed
    assert hits == []  # the address was never requested
    assert built.pdf.refused == ()  # nor even asked of the fetcher: it is text, not markup


def test_the_pdf_is_tagged_titled_in_french_with_an_author(world, here):
    built, _text = here
    info = pdf_info(built.pdf.content)
    assert "Tagged:          yes" in info
    assert "Title:           Synthèse GUSP Testeville — Quartier Les Amandiers" in info
    assert "Author:          Coordination GUSP — Testeville" in info
    assert "pdfuaid:part" in info  # PDF/UA-1 identification in the XMP metadata
    assert b"/Lang (fr)" in pdf_objects(built.pdf.content)


def test_long_lists_are_bounded_and_counted(world, monkeypatch):
    from gusp.syntheses import content

    monkeypatch.setattr(content, "ACTIONS_LISTED", 2)
    for n in range(3):
        ActionFactory(sheet=world.sheet_here, territory=world.territory, title=f"Action ordinaire {n}")
    text = pdf_text(build_pdf(scope(world, territory=world.territory)).pdf.content)
    assert "Nettoyage AMANDIERS_ACTION_1 — en retard" in text  # the late one first
    assert "… et 2 autres actions" in text
    assert "4 actions, dont 0 terminées et 1 en retard" in text  # every action counted


def test_demonstration_records_are_marked_in_the_pdf(demo):
    """The Vitrolles demo's actions and journal entries are invented: the synthesis says so next to each."""
    demo_action = (
        Action.objects.filter(sheet__charter=demo, is_demo=True).select_related("sheet__theme").first()
    )
    built = build_pdf(
        Scope(
            charter=demo,
            theme=demo_action.sheet.theme,
            territory=None,
            starts_on=demo.starts_on,
            ends_on=demo.current_end,
        )
    )
    text = re.sub(r"\s+", " ", pdf_text(built.pdf.content))
    assert "(démonstration)" in text
    Action.objects.filter(sheet__charter=demo).update(is_demo=False)
    Intervention.objects.filter(action__sheet__charter=demo).update(is_demo=False)
    Decision.objects.filter(meeting__committee__charter=demo).update(is_demo=False)
    again = build_pdf(
        Scope(
            charter=demo,
            theme=demo_action.sheet.theme,
            territory=None,
            starts_on=demo.starts_on,
            ends_on=demo.current_end,
        )
    )
    assert "(démonstration)" not in pdf_text(again.pdf.content)
