"""The yearly summary table (`funding.tables.summary_table`): its totals are the sums of the commitments
for every filter; the CSV and XLSX exports hold exactly the screen's rows; the public reads only the years
the coordinator published."""

import csv
import datetime as dt
import html
import io
import itertools
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from funding.choices import Stage
from funding.models import FundingCommitment
from funding.tables import summary_table
from tests.utils import all_counts

from .factories import CommitmentFactory, pay

ZERO = Decimal("0.00")


# An independent reading of the rules, commitment by commitment, to check the table against ------------


def stage_of(c) -> str:
    if c.state != "committed":
        return c.state
    if not c.paid_total:
        return Stage.COMMITTED
    return Stage.PAID if c.paid_total >= c.amount - c.deducted else Stage.PARTLY_PAID


def kept(c, year, theme=None, territory=None, financer=None, stage=None) -> bool:
    if c.year != year or (financer and c.financer_id != financer.pk) or (stage and stage_of(c) != stage):
        return False
    if theme and (c.sheet is None or c.sheet.theme_id != theme.pk):
        return False
    return not (
        territory
        and c.sheet is not None
        and not c.sheet.all_territories
        and territory not in c.sheet.territories.all()
    )


def expected_cells(charter, year, **filters) -> dict:
    cells = {}
    for c in (
        FundingCommitment.objects.filter(charter=charter)
        .select_related("sheet")
        .prefetch_related("sheet__territories")
    ):
        if kept(c, year, **filters):
            key = (c.sheet_id, c.financer_id)
            cells[key] = cells.get(key, ZERO) + c.amount - c.deducted
    return cells


def all_filters(charter):
    """Every filter alone, and every pair of them, with none."""
    options = {
        "theme": list(charter.themes.all()),
        "territory": list(charter.territories.all()),
        "financer": list(charter.financers.all()),
        "stage": list(Stage.values),
    }
    singles = [{name: value} for name, values in options.items() for value in values]
    pairs = [a | b for a, b in itertools.combinations(singles, 2) if a.keys() != b.keys()]
    return [{}, *singles, *pairs]


def check_totals(charter, years):
    checked = 0
    for year, filters in itertools.product(years, all_filters(charter)):
        table = summary_table(charter, year, filters)
        expected = expected_cells(charter, year, **filters)
        got = {
            (row.sheet.pk if row.sheet else None, financer.pk): value
            for row in table.rows
            for financer, value in zip(table.columns, row.cells, strict=True)
            if value is not None
        }
        assert got == expected, (year, filters)
        assert table.total == sum(expected.values(), ZERO), (year, filters)
        for row in table.rows:
            assert row.total == sum((v for v in row.cells if v is not None), ZERO)
        for i, total in enumerate(table.column_totals):
            assert total == sum((row.cells[i] for row in table.rows if row.cells[i] is not None), ZERO)
        assert sum(total for _s, _l, total in table.stage_totals) == table.total
        checked += bool(expected)
    return checked


def test_totals_are_the_sums_of_the_commitments_for_every_filter(funding_world):
    fw = funding_world
    CommitmentFactory(financer=fw.cucs, sheet=fw.sheet_1, amount=Decimal("1500.00"), committed=True)
    assert FundingCommitment.objects.filter(charter=fw.w.charter, deducted__gt=0).exists()
    assert check_totals(fw.w.charter, [fw.year, fw.next_year]) > 20


def test_totals_on_the_vitrolles_demonstration(vitrolles):
    assert check_totals(vitrolles, [2007, 2008, 2009]) > 20


def test_the_mission_comes_first_then_the_sheets_by_theme(funding_world):
    fw = funding_world
    table = summary_table(fw.w.charter, fw.year)
    assert [g.label for g in table.groups] == ["Mission GUSP", "A – Cadre de vie", "B – Tranquillité"]
    assert [r.label for r in table.rows] == [
        "Mission GUSP (poste de chargé(e) de mission)",
        "n°1 — Propreté",
        "n°2 — Prévention",
    ]
    assert [f.name for f in table.columns] == [
        "Ville",
        "Région",
        "Bailleur A",
        "Bailleur B",
        "Bailleurs sociaux (au prorata des logements)",
    ]
    assert table.total == Decimal("39500.80")
    # A theme filter leaves the mission out; a quarter keeps it (it serves every quarter).
    assert [r.label for r in summary_table(fw.w.charter, fw.year, {"theme": fw.sheet_1.theme}).rows] == [
        "n°1 — Propreté"
    ]
    assert [
        r.label for r in summary_table(fw.w.charter, fw.year, {"territory": fw.w.other_territory}).rows
    ] == [
        "Mission GUSP (poste de chargé(e) de mission)",
        "n°2 — Prévention",
    ]


# The page and its exports --------------------------------------------------------------------------


def number(text):
    text = html.unescape(re.sub(r"<[^>]+>", "", text)).replace("\u00a0", "").replace(" ", "").strip()
    return Decimal(text.replace(",", ".")) if text else None


def screen_rows(page: str) -> list[list]:
    rows = []
    for tr in re.findall(r'<tr class="(?:data|total)-row">(.*?)</tr>', page, re.S):
        label = re.search(r'<span class="row-label">(.*?)</span>', tr, re.S)
        label = html.unescape(re.sub(r"<[^>]+>", "", label.group(1))).strip() if label else "Total"
        rows.append([label, *[number(td) for td in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]])
    return rows


def csv_rows(content: bytes) -> tuple[list, list[list]]:
    assert content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    decimals = [
        [line[0], line[1], *[Decimal(v.replace(",", ".")) if v else None for v in line[2:]]]
        for line in lines[1:]
    ]
    return lines[0], decimals


def xlsx_rows(content: bytes) -> tuple[list, list[list]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    lines = [list(row) for row in sheet.iter_rows(values_only=True)]

    def value(v):
        return None if v in (None, "") else Decimal(str(v)).quantize(Decimal("0.01"))

    return lines[0], [[line[0], line[1] or "", *[value(v) for v in line[2:]]] for line in lines[1:]]


def download(client, url, export) -> bytes:
    response = client.get(url + ("&" if "?" in url else "?") + f"export={export}")
    assert response.status_code == 200, response.content[:500]
    return response.content


@pytest.mark.parametrize(
    "query",
    [
        "?annee=2007",
        "?annee=2008",
        "?annee=2008&etat=committed",
        "?annee=2007&theme=1",
        "?annee=2008&quartier=1",
    ],
)
def test_exports_hold_the_rows_of_the_screen(vitrolles, client_as, query):
    client = client_as("coordination")
    url = reverse("funding:table", args=[vitrolles.slug]) + query
    page = client.get(url).content.decode()
    screen = screen_rows(page)
    assert len(screen) >= 2  # some rows and the totals

    for header, lines in [csv_rows(download(client, url, "csv")), xlsx_rows(download(client, url, "xlsx"))]:
        assert [line[1:] for line in lines] == [
            [label, *rest] if label != "Total" else ["", *rest] for label, *rest in screen
        ]
        assert header[0:2] == ["Thème", "Fiche"] and header[-1] == "Total"
        assert lines[-1][0] == "Total"
        groups = re.findall(r'<th scope="rowgroup"[^>]*>(.*?)</th>', page)
        assert list(dict.fromkeys(line[0] for line in lines[:-1])) == [html.unescape(g) for g in groups]


def test_exported_names_are_never_formulas(funding_world, client_as):
    fw = funding_world
    fw.city.name = '=HYPERLINK("http://example.org")'
    fw.city.save()
    client = client_as(fw.w.coordinator)
    url = reverse("funding:table", args=[fw.w.charter.slug]) + f"?annee={fw.year}"
    header, _ = csv_rows(download(client, url, "csv"))
    assert header[2] == '\'=HYPERLINK("http://example.org")'
    header, _ = xlsx_rows(download(client, url, "xlsx"))
    assert header[2].startswith("'=")


def test_bad_filters_are_refused_and_nothing_is_exported(vitrolles, client_as):
    client = client_as("coordination")
    url = reverse("funding:table", args=[vitrolles.slug])
    for query in ["?annee=1850", "?annee=2008&financeur=999999999", "?annee=2008&etat=gone", "?annee=abc"]:
        response = client.get(url + query)
        assert response.status_code == 400
        assert "errorlist" in response.content.decode()
        assert client.get(url + query + "&export=csv").status_code == 400


# Who reads the table ----------------------------------------------------------------------------


def test_the_public_reads_only_the_published_years(funding_world, client_as):
    fw = funding_world
    url = reverse("funding:table", args=[fw.w.charter.slug])
    for who in [None, fw.w.outsider]:
        assert client_as(who).get(url).status_code == 404
    assert client_as(fw.w.member).get(url).status_code == 200  # every partner reads it

    # A referent cannot publish; the coordinator does.
    publish = reverse("funding:publish", args=[fw.w.charter.slug, fw.year])
    referent = client_as(fw.w.referent_a)
    before = all_counts()
    assert referent.post(publish).status_code == 404
    assert all_counts() == before
    client_as(fw.w.coordinator).post(publish)

    anonymous = client_as(None)
    page = anonymous.get(url).content.decode()
    assert "20\u00a0000,00" in page and "n°2 — Prévention" in page
    # Unpublished sheets are named by their number; no link, no follow-up flag.
    assert "Fiche n°1" in page and "Propreté" not in page
    assert "/fiches/" not in page and "badge" not in page and "Publier" not in page
    assert anonymous.get(url + f"?annee={fw.year}&export=csv").status_code == 200
    assert anonymous.get(url + f"?annee={fw.next_year}").status_code == 400  # not published
    # Nothing else of funding is public.
    for name, args in [
        ("funding:commitment_list", [fw.w.charter.slug]),
        ("funding:mission", [fw.w.charter.slug]),
        ("funding:commitment_detail", [fw.a_sheet_1.pk]),
        ("funding:sheet_budget", [fw.sheet_2.pk]),
    ]:
        assert anonymous.get(reverse(name, args=args)).status_code == 302  # to the login page
        assert client_as(fw.w.outsider).get(reverse(name, args=args)).status_code == 404

    client_as(fw.w.coordinator).post(publish, {"retirer": "1"})
    assert anonymous.get(url).status_code == 404


def flagged_rows(client, url) -> dict[str, str]:
    """{row label: the badges of the row} of the table page."""
    page = client.get(url).content.decode()
    return {
        re.sub(r"<[^>]+>", "", label).strip(): html.unescape(badges)
        for label, badges in re.findall(
            r'<th scope="row"><span class="row-label">(.*?)</span>(.*?)</th>', page, re.S
        )
    }


def test_flags_show_on_the_table(funding_world, client_as):
    """Sheet 2 has 0,30 € of commitments for an estimate of 0,29 €, and its region's 0,20 € voted last year
    are unpaid; landlord A paid 3 000 € of the 8 000 € it voted on sheet 1 last year; the landlords' share of
    the mission, voted last year, is unpaid."""
    fw = funding_world
    fw.sheet_2.estimated_cost = Decimal("0.29")
    fw.sheet_2.save()
    url = reverse("funding:table", args=[fw.w.charter.slug]) + f"?annee={fw.year}"
    client = client_as(fw.w.member)
    rows = flagged_rows(client, url)
    late, over = "Engagé non versé après son année", "Engagements supérieurs au coût estimé"
    assert late in rows["n°2 — Prévention"] and over in rows["n°2 — Prévention"]
    assert late in rows["n°1 — Propreté"] and over not in rows["n°1 — Propreté"]
    assert late in rows["Mission GUSP (poste de chargé(e) de mission)"]

    pay(fw.landlords_mission, "9000.00", paid_on=dt.date(fw.year, 12, 1))

    assert "badge" not in flagged_rows(client, url)["Mission GUSP (poste de chargé(e) de mission)"]
