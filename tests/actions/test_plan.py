"""The action plan: filters, exports in the same order, the theme × quarter matrix agreeing with them. On
the small world's action plan (`plan` fixture), grown by `big_plan`."""

import csv
import datetime as dt
import io
import re
from collections import Counter

import openpyxl
import pytest
from django.urls import reverse

from actions.choices import ActionStatus
from actions.models import Action
from tests.factories import ActionFactory, ProjectSheetFactory, TerritoryFactory, ThemeFactory
from tests.utils import body


@pytest.fixture
def big_plan(plan, small_world):
    """24 more actions across four themes (A to D) and five quarters, some late, some finished, some with no
    quarter, led by both landlords and the city."""
    w = small_world
    themes = [plan["sheet"].theme] + [ThemeFactory(charter=w.charter, code=code) for code in "BCD"]
    territories = [
        w.territory,
        w.other_territory,
        *(TerritoryFactory(charter=w.charter) for _ in range(3)),
        None,
    ]
    sheets = [
        ProjectSheetFactory(charter=w.charter, theme=themes[i % 4], all_territories=True) for i in range(5)
    ]
    orgs = [w.landlord_a, w.landlord_b, w.city]
    statuses = [ActionStatus.PLANNED, ActionStatus.UNDER_WAY, ActionStatus.FINISHED, ActionStatus.DROPPED]
    for i in range(24):
        ActionFactory(
            sheet=sheets[i % len(sheets)],
            title=f"Action {i:02d}",
            lead=orgs[i % 3],
            territory=territories[i % len(territories)],
            starts_on=dt.date(2025, 1, 1),
            due_on=dt.date(2025, 6, 1) if i % 4 == 1 else dt.date(2027, 1, 1),
            status=statuses[i % 4],
            progress=100 if statuses[i % 4] == ActionStatus.FINISHED else (i * 7) % 100,
        )
    return plan


def csv_rows(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")  # BOM: French spreadsheets read the accents right
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def screen_titles(client, url):
    html = client.get(url).content.decode()
    return re.findall(r'<td[^>]*><a href="/actions/\d+/">([^<]+)</a>', html)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "status=under_way",
        "late=true",
        "late=false",
        "territory=__quarter__",
        "theme=__B__&status=finished",
        "lead=__landlord_a__",
        "q=Action 1",
    ],
)
def test_csv_has_the_same_rows_in_the_same_order_as_the_screen(big_plan, small_world, client_as, query):
    w = small_world
    query = (
        query.replace("__quarter__", str(w.territory.pk))
        .replace("__B__", str(w.charter.themes.get(code="B").pk))
        .replace("__landlord_a__", str(w.landlord_a.pk))
    )
    client = client_as(w.member)
    base = reverse("actions:plan", args=[w.charter.slug]) + "?" + query
    on_screen = screen_titles(client, base)
    exported = csv_rows(client, base + "&export=csv")
    assert [row["Action"] for row in exported] == on_screen
    if query == "":
        assert len(exported) == Action.objects.filter(sheet__charter=w.charter).count() == 27
    if query == "late=true":
        assert exported and all(row["En retard"] == "oui" for row in exported)


def test_xlsx_export_matches_csv(big_plan, small_world, client_as):
    client = client_as(small_world.coordinator)
    url = reverse("actions:plan", args=[small_world.charter.slug]) + "?status=under_way"
    rows = csv_rows(client, url + "&export=csv")
    response = client.get(url + "&export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
    values = list(sheet.values)
    assert list(values[0]) == list(rows[0].keys())
    assert [r[4] for r in values[1:]] == [row["Action"] for row in rows]
    assert [r[8].strftime("%d/%m/%Y") for r in values[1:]] == [row["Échéance"] for row in rows]


@pytest.mark.parametrize("query", ["", "status=under_way", "late=true", "lead=__landlord_a__"])
def test_matrix_agrees_with_the_csv_export(big_plan, small_world, client_as, query):
    slug = small_world.charter.slug
    query = query.replace("__landlord_a__", str(small_world.landlord_a.pk))
    client = client_as(small_world.member)
    rows = csv_rows(client, reverse("actions:plan", args=[slug]) + f"?{query}&export=csv")
    expected = Counter((row["Thème"], row["Quartier"]) for row in rows)
    finished = Counter((row["Thème"], row["Quartier"]) for row in rows if row["État"] == "Terminée")
    late = Counter((row["Thème"], row["Quartier"]) for row in rows if row["En retard"] == "oui")

    html = client.get(reverse("actions:plan_matrix", args=[slug]) + f"?{query}").content.decode()
    header = re.search(r"<thead><tr><th scope=\"col\">Thème</th>(.*?)</tr></thead>", html, re.S).group(1)
    columns = re.findall(r'<th scope="col">([^<]+)</th>', header)
    found, found_finished, found_late = Counter(), Counter(), Counter()
    for theme_title, cells in re.findall(
        r'<tr><th scope="row"[^>]*>[A-D] – ([^<]+)</th>(.*?)</tr>', html, re.S
    ):
        theme_title = theme_title.replace("&#x27;", "'")
        for column, cell in zip(columns, re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S), strict=True):
            count = re.search(r'data-count="(\d+)"', cell)
            if count:
                key = (theme_title, column.replace("&#x27;", "'"))
                found[key] = int(count.group(1))
                share = int(re.search(r"(\d+) % terminées", cell).group(1))
                found_finished[key] = round(share * found[key] / 100)
                late_match = re.search(r"(\d+) en retard", cell)
                found_late[key] = int(late_match.group(1)) if late_match else 0
    assert found == expected
    assert +found_finished == +finished
    assert +found_late == +late


def test_late_actions_are_flagged_in_the_table(big_plan, small_world, client_as):
    html = (
        client_as(small_world.coordinator)
        .get(reverse("actions:plan", args=[small_world.charter.slug]) + "?late=true")
        .content.decode()
    )
    assert html.count('class="late"') == html.count('badge-late">en retard')
    assert html.count('class="late"') > 0


def test_plan_is_for_partners_only(big_plan, small_world, client_as):
    url = reverse("actions:plan", args=[small_world.charter.slug])
    assert client_as(None).get(url).status_code == 302
    outsider = client_as(small_world.outsider)
    assert outsider.get(url).status_code == 404
    assert outsider.get(url + "?export=csv").status_code == 404


@pytest.mark.parametrize("title", ['=HYPERLINK("http://example.org","x")', "+33 1 23", "@SUM(A1)", "-2+3"])
def test_exports_never_carry_formulas(plan, small_world, client_as, title):
    Action.objects.filter(pk=plan["action_a"].pk).update(title=title)
    client = client_as(small_world.coordinator)
    url = reverse("actions:plan", args=[small_world.charter.slug]) + "?q=" + title[:3]
    rows = csv_rows(client, url.replace("+", "%2B") + "&export=csv")
    assert [row["Action"] for row in rows] == ["'" + title]
    book = openpyxl.load_workbook(io.BytesIO(body(client.get(url.replace("+", "%2B") + "&export=xlsx"))))
    cell = book.active.cell(row=2, column=5)
    assert cell.value == "'" + title and cell.data_type == "s"


def test_export_with_invalid_filters_is_refused(plan, small_world, client_as):
    response = client_as(small_world.coordinator).get(
        reverse("actions:plan", args=[small_world.charter.slug]) + "?territory=abc&export=csv"
    )
    assert response.status_code == 400
    assert "Filtres invalides" in response.content.decode()
