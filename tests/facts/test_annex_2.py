"""Annex 2 on the platform, against the charter's text: the quarters' figures are undated (the charter
dates none: « non daté », never an invented year), Les Hermes' « dont 36, 80 % » stays a share the charter
does not explain, and the figures of the whole city and perimeter are on the charter's page, as written,
comparisons included."""

import html
import re
from decimal import Decimal

from django.urls import reverse

from charter.models import CharterFigure, Territory, TerritoryFigure
from tests.charter.test_demo import norm, section

ANNEX_2 = "\n".join(
    section("Données socio économiques concernant les quatre quartiers prioritaires", "Annexe 3")
)


def between(page: str, start: str, end: str) -> str:
    """The part of a page from `start` to the next `end`, entities decoded."""
    first = page.index(start)
    return html.unescape(page[first : page.index(end, first)])


# The quarters' figures ----------------------------------------------------------------------------


def test_the_charter_dates_no_annex_2_figure_and_neither_does_the_platform(demo):
    assert not re.search(r"\b(19|20)\d\d\b", ANNEX_2)  # no year anywhere in Annex 2
    figures = TerritoryFigure.objects.filter(territory__charter=demo)
    assert figures.count() == 15
    assert not figures.filter(year__isnull=False).exists()


def test_a_quarter_page_shows_non_date_not_a_year(demo, client_as):
    territory = Territory.objects.get(charter=demo, slug="les-pins")
    page = client_as(None).get(reverse("charter:territory_detail", args=[territory.pk])).content.decode()
    figures = between(page, 'id="donnees"', "</section>")
    assert figures.count("non daté") == 4
    assert "2006" not in figures


def test_les_hermes_36_80_is_a_share_the_charter_does_not_explain(demo, client_as):
    hermes = Territory.objects.get(charter=demo, slug="les-hermes")
    values = dict(hermes.figures.values_list("kind", "value"))
    assert values == {
        "population": Decimal("2378"),
        "unspecified_share": Decimal("36.80"),
        "no_diploma": Decimal("17.42"),
    }
    note = hermes.figures.get(kind="unspecified_share").note
    assert "« 2 378 personnes dont 36, 80 % »" in note
    assert "2 378 personnes dont 36, 80 %" in ANNEX_2  # the note quotes the charter

    page = client_as(None).get(reverse("charter:territory_detail", args=[hermes.pk])).content.decode()
    figures = between(page, 'id="donnees"', "</section>")
    row = next(row for row in figures.split("<tr>") if "36,80" in row)
    assert "Part dont la charte ne dit pas de quoi" in row and "36,80\xa0%" in row
    assert "Part des moins de 25 ans" not in figures


# The city and the perimeter -----------------------------------------------------------------------


def numbers_in(text: str) -> set[Decimal]:
    """The numbers a sentence gives, in figures or (« cinq ») in words."""
    found = {Decimal(n.replace(",", ".")) for n in re.findall(r"\d+(?:,\d+)?", text)}
    return found | ({Decimal(5)} if re.search(r"\bcinq\b", text) else set())


def test_city_wide_figures_are_the_charters_sentences(demo):
    figures = list(CharterFigure.objects.filter(charter=demo))
    assert len(figures) == 7
    annex = norm(ANNEX_2)
    for figure in figures:
        assert norm(figure.text) in annex, figure.subject
        assert figure.value in numbers_in(figure.text), figure.subject
        assert figure.year is None and figure.source == "Charte GUSP de Vitrolles 2007-2009, annexe 2"
    by_value = {figure.value: figure for figure in figures}
    assert set(by_value) == {Decimal(v) for v in ["53.92", "2205", "5", "21.1", "58.4", "6.2", "26"]}
    # The comparisons with the Pays d'Aix agglomeration are kept in the sentences.
    assert "contre 15,8% dans la CPA" in by_value[Decimal("21.1")].text
    assert "23% supérieur à celui de la CPA" in by_value[Decimal("58.4")].text
    assert "29% supérieur à celui de la CPA" in by_value[Decimal("6.2")].text
    assert "supérieurs de 26% à la moyenne de la CPA" in by_value[Decimal("26")].text
    landlords = by_value[Decimal("5")].text
    for name in [
        "OPAC SUD",
        "Coopération et Famille",
        "Phocéenne d'Habitation",
        "LOGIREM",
        "Famille et Provence",
    ]:
        assert name in landlords


def test_the_charter_page_shows_the_city_wide_figures_as_written(demo, client_as):
    page = client_as(None).get(reverse("charter:charter_detail", args=[demo.slug])).content.decode()
    shown = between(page, 'id="donnees-commune"', "</section>")
    for figure in CharterFigure.objects.filter(charter=demo):
        assert f"« {figure.text} »" in shown, figure.subject
        assert figure.subject in shown
    assert shown.count("non daté") == 7
    assert "53,92\xa0%" in shown and "21,1\xa0%" in shown
