"""The yearly report's figures on a case computed by hand: two quarters, the eight axes, a realisation only
partly reported; per dwelling to the cent; the XLSX file holds the lines of the screen."""

import html
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from funding.tfpb.choices import Axis
from funding.tfpb.report import per_dwelling, quarter_report, rate, year_summary

from . import factories

D = Decimal


@pytest.fixture
def hand_case(programmes):
    """Quarter 1 (100 dwellings, abatement 30 000,00 €): one action on each of the eight axes and a second
    one on axis 3; axis 4 has no realised amount yet, axis 6 realised 0. Quarter 2 (60 dwellings × 183,33 €
    = 10 999,80 €): three actions, one not yet realised."""
    p, year = programmes, programmes.year
    for axis, planned, realised in [
        (1, "10000.00", "9500.00"),
        (2, "1200.00", "1200.00"),
        (3, "6000.00", "4000.00"),
        (4, "3000.00", None),
        (5, "2500.50", "2000.25"),
        (6, "800.00", "0.00"),
        (7, "1500.00", "1499.99"),
        (8, "4000.00", "1000.00"),
    ]:
        factories.action(p.quarter_1, year, axis, planned, realised)
    factories.action(p.quarter_1, year, 3, "1000.00", "1000.00", title="Seconde action de l'axe 3")
    factories.action(p.quarter_2, year, 1, "5000.00", "2500.00")
    factories.action(p.quarter_2, year, 4, "3333.33", "3333.33")
    factories.action(p.quarter_2, year, 7, "2000.00")
    # Landlord B's programme in the same quarter and year never counts in landlord A's report.
    factories.action(p.quarter_b, year, 1, "999.99", "999.99")
    return p


def test_quarter_report_on_the_hand_computed_case(hand_case):
    p = hand_case
    report = quarter_report(p.quarter_1.reports.get(year=p.year))

    assert report.dwellings == 100
    assert report.abatement == D("30000.00") and not report.abatement_is_reported
    assert [line.axis for line in report.axes] == list(Axis.values)
    axes = {line.axis: line for line in report.axes}
    assert (axes[3].actions, axes[3].planned, axes[3].realised) == (2, D("7000.00"), D("5000.00"))
    assert axes[3].realisation_rate == D("71.43")  # 5 000 / 7 000 = 71,428… %
    assert (axes[4].planned, axes[4].realised, axes[4].realisation_rate) == (
        D("3000.00"),
        D("0.00"),
        D("0.00"),
    )
    assert axes[5].realisation_rate == D("79.99")  # 2 000,25 / 2 500,50 = 79,994… %
    assert axes[6].realised == D("0.00")
    assert axes[7].realised_per_dwelling == D("15.00")  # 1 499,99 / 100 = 14,9999 → 15,00

    assert report.actions_count == 9
    assert report.planned == D("30000.50")
    assert report.realised == D("20200.24")
    assert report.realisation_rate == D("67.33")  # 20 200,24 / 30 000,50 = 67,332… %
    assert report.unprogrammed == D("-0.50")  # the landlord programmed 0,50 € more than the abatement
    assert report.unrealised == D("9799.76")
    # Per dwelling, rounded half up from the exact amount.
    assert report.abatement_per_dwelling == D("300.00")
    assert report.planned_per_dwelling == D("300.01")  # 300,005
    assert report.realised_per_dwelling == D("202.00")  # 202,0024
    assert report.per_dwelling(report.unprogrammed) == D("-0.01")  # −0,005: half away from zero
    assert report.per_dwelling(report.unrealised) == D("98.00")  # 97,9976

    national, regional = report.references
    assert (national.figure.per_dwelling, national.amount, national.gap_per_dwelling) == (
        D("183.00"),
        D("18300.00"),
        D("19.00"),
    )
    assert (regional.figure.per_dwelling, regional.amount, regional.gap_per_dwelling) == (
        D("233.00"),
        D("23300.00"),
        D("-31.00"),
    )
    assert "Union sociale pour l'habitat" in national.figure.source


def test_the_landlords_year_adds_up_its_quarters(hand_case):
    p = hand_case
    summary = year_summary(p.convention_a, p.year)

    # The quarters by name (« Le Vieux Moulin » before « Les Amandiers »).
    assert [q.quarter for q in summary.quarters] == [p.quarter_2, p.quarter_1]
    second = summary.quarters[0]
    assert second.abatement == D("10999.80")  # 60 × 183,33, computed
    assert (second.planned, second.realised) == (D("10333.33"), D("5833.33"))
    assert (second.planned_per_dwelling, second.realised_per_dwelling) == (D("172.22"), D("97.22"))

    assert summary.dwellings == 160
    assert summary.abatement == D("40999.80")
    assert summary.planned == D("40333.83")
    assert summary.realised == D("26033.57")
    assert summary.actions_count == 12
    assert summary.abatement_per_dwelling == D("256.25")  # 256,24875
    assert summary.planned_per_dwelling == D("252.09")  # 252,0864…
    assert summary.realised_per_dwelling == D("162.71")  # 162,7098…
    axes = {line.axis: line for line in summary.axes}
    assert (axes[1].planned, axes[1].realised) == (D("15000.00"), D("12000.00"))
    assert (axes[4].planned, axes[4].realised) == (D("6333.33"), D("3333.33"))
    assert (axes[7].planned, axes[7].realised) == (D("3500.00"), D("1499.99"))
    assert axes[6].planned_per_dwelling == D("5.00")  # 800 / 160


def test_the_reported_abatement_replaces_the_conventions(hand_case):
    report = hand_case.quarter_1.reports.get(year=hand_case.year)
    report.abatement = D("29500.00")
    report.save()
    figures = quarter_report(report)
    assert figures.abatement == D("29500.00") and figures.abatement_is_reported
    assert figures.unrealised == D("9299.76")
    assert year_summary(hand_case.convention_a, hand_case.year).abatement == D("40499.80")


def test_edge_cases_of_the_divisions():
    assert per_dwelling(D("0.005"), 1) == D("0.01")
    assert per_dwelling(D("10.00"), 0) is None
    assert per_dwelling(None, 10) is None
    assert rate(D("1"), D("0")) is None
    assert rate(D("1"), D("3")) == D("33.33")
    assert rate(D("2"), D("3")) == D("66.67")


# The screen and the XLSX file --------------------------------------------------------------------------------


FRENCH_NUMBER = re.compile(r"^-?\d{1,3}( \d{3})*(,\d+)?$")


def _value(text: str):
    """A cell as shown: a French number (« 1 234,56 ») as a Decimal to the cent, else the text."""
    if FRENCH_NUMBER.match(text):
        return D(text.replace(" ", "").replace(",", ".")).quantize(D("0.01"))
    return text


def _text(cell: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", cell)).replace("\u00a0", " ").strip()


def screen_table(page: str, css_class: str) -> list[list]:
    table = re.search(rf'<table class="{css_class}">(.*?)</table>', page, re.S).group(1)
    body = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
    return [
        [_value(_text(cell)) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def xlsx_sheets(content: bytes) -> dict[str, list[list]]:
    """Each sheet's body: numbers as Decimals to the cent, text as it is, an empty cell as ""."""
    book = openpyxl.load_workbook(io.BytesIO(content))

    def value(v):
        if v is None:
            return ""
        if isinstance(v, int | float) and not isinstance(v, bool):
            return D(str(v)).quantize(D("0.01"))
        return v

    return {
        sheet.title: [[value(v) for v in row] for row in list(sheet.iter_rows(values_only=True))[1:]]
        for sheet in book.worksheets
    }


def test_the_xlsx_file_holds_the_lines_of_the_screen(hand_case, client_as):
    report = hand_case.quarter_1.reports.get(year=hand_case.year)
    client = client_as(hand_case.w.referent_b)  # any partner reads it
    url = reverse("funding:tfpb_report", args=[report.pk])
    page = client.get(url).content.decode()
    response = client.get(url + "?export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")

    sheets = xlsx_sheets(response.content)
    axes = screen_table(page, "tfpb-axes")
    summary = screen_table(page, "tfpb-summary")
    assert len(axes) == 9 and axes[-1][0] == "Total"
    assert axes[-1][2:4] == [D("30000.50"), D("20200.24")]
    assert sheets["Par axe"] == axes
    assert sheets["Abattement et références"] == summary
    assert [line[1] for line in sheets["Actions"]] == [a.title for a in quarter_report(report).actions]
