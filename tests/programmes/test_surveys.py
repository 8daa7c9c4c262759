"""Satisfaction surveys: the trend per residence and theme across surveys, and the landlords whose last
representative survey is older than three years (footnote 16: « sur échantillon représentatif, au moins
triennale »)."""

import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.urls import reverse

from diagnostics.surveys.models import SatisfactionSurvey
from diagnostics.surveys.trends import ALL_RESIDENCES, survey_flags, survey_trend
from tests.factories import ResidenceFactory

from . import factories

D = Decimal
TODAY = dt.date(2026, 11, 30)


def test_the_trend_per_residence_and_theme(programmes):
    w = programmes.w
    second = ResidenceFactory(territory=w.other_territory, landlord=w.landlord_a, name="Les Érables")
    first = factories.survey(
        w.charter, w.landlord_a, [w.residence_a, second], conducted_on=TODAY - dt.timedelta(days=900)
    )
    panel = factories.survey(
        w.charter, w.landlord_a, [w.residence_a], conducted_on=TODAY - dt.timedelta(days=400), method="panel"
    )
    last = factories.survey(
        w.charter, w.landlord_a, [w.residence_a, second], conducted_on=TODAY - dt.timedelta(days=30)
    )
    other = factories.survey(
        w.charter, w.landlord_b, [w.residence_b], conducted_on=TODAY - dt.timedelta(days=10)
    )
    factories.question(
        first, "overall", "Satisfaction globale", {None: "66.0", w.residence_a: "60.0", second: "72.5"}
    )
    factories.question(first, "cleanliness", "Propreté des halls", {w.residence_a: "50.0"})
    factories.question(first, "cleanliness", "Propreté des escaliers", {w.residence_a: "55.0"})  # mean: 52,5
    factories.question(panel, "overall", "Êtes-vous satisfait ?", {w.residence_a: "65.5"})
    factories.question(last, "overall", "Satisfaction globale", {w.residence_a: "63.0", second: "72.5"})
    factories.question(last, "cleanliness", "Propreté des halls", {w.residence_a: "61.3"})
    factories.question(other, "overall", "Satisfaction globale", {w.residence_b: "80.0"})

    trend = survey_trend(SatisfactionSurvey.objects.filter(charter=w.charter))

    assert trend.surveys == [first, panel, last, other]  # oldest first
    rows = {(r.landlord, r.residence, r.theme): r for r in trend.rows}
    overall_a = rows["Bailleur A", "Les Tilleuls", "overall"]
    assert [c.value for c in overall_a.cells] == [D("60.0"), D("65.5"), D("63.0"), None]
    assert [c.change for c in overall_a.cells] == [None, D("5.5"), D("-2.5"), None]
    assert overall_a.change == D("3.0")
    cleanliness = rows["Bailleur A", "Les Tilleuls", "cleanliness"]
    assert [c.value for c in cleanliness.cells] == [D("52.5"), None, D("61.3"), None]
    assert cleanliness.cells[2].change == D("8.8")  # since the last survey that asked about it
    assert rows["Bailleur A", "Les Érables", "overall"].change == D("0.0")
    assert [c.value for c in rows["Bailleur A", ALL_RESIDENCES, "overall"].cells] == [
        D("66.0"),
        None,
        None,
        None,
    ]
    assert rows["Bailleur A", ALL_RESIDENCES, "overall"].change is None
    assert [c.value for c in rows["Bailleur B", "Les Peupliers", "overall"].cells] == [
        None,
        None,
        None,
        D("80.0"),
    ]
    # Rows by landlord, the whole survey first, then residences by name, themes in their order.
    assert [(r.landlord, r.residence, r.theme) for r in trend.rows][:3] == [
        ("Bailleur A", ALL_RESIDENCES, "overall"),
        ("Bailleur A", "Les Érables", "overall"),
        ("Bailleur A", "Les Tilleuls", "overall"),
    ]


def test_a_landlord_is_flagged_when_its_last_representative_survey_is_older_than_three_years(programmes):
    w = programmes.w
    three_years = TODAY - relativedelta(years=3)
    factories.survey(w.charter, w.landlord_a, [w.residence_a], conducted_on=three_years, title="Triennale")
    factories.survey(
        w.charter, w.landlord_a, [w.residence_a], conducted_on=TODAY - dt.timedelta(days=20), method="panel"
    )
    factories.survey(
        w.charter,
        w.landlord_b,
        [w.residence_b],
        conducted_on=three_years - dt.timedelta(days=1),
        title="Ancienne",
    )
    flags = {flag.landlord: flag for flag in survey_flags(w.charter, today=TODAY)}

    a, b = flags[w.landlord_a], flags[w.landlord_b]
    assert (a.last_representative, a.representative_due, a.is_late) == (three_years, TODAY, False)
    assert a.has_recent_panel and a.last_panel == TODAY - dt.timedelta(days=20)
    assert b.is_late and not b.has_recent_panel  # three years and a day
    assert not survey_flags(w.charter, today=TODAY - dt.timedelta(days=1))[1].is_late
    # A panel never replaces the representative survey; a landlord with none is flagged too.
    assert survey_flags(w.charter, today=TODAY + dt.timedelta(days=1))[0].is_late
    SatisfactionSurvey.objects.filter(landlord=w.landlord_b).delete()
    assert flags[w.landlord_b].landlord in [
        f.landlord for f in survey_flags(w.charter, today=TODAY) if f.is_late
    ]


def test_the_survey_pages_show_the_flags_and_the_trend(programmes, client_as):
    w = programmes.w
    today = dt.date.today()
    old = factories.survey(
        w.charter, w.landlord_b, [w.residence_b], conducted_on=today - relativedelta(years=4)
    )
    factories.question(old, "overall", "Satisfaction globale", {w.residence_b: "58.5"})
    client = client_as(w.member)
    page = client.get(reverse("diagnostics:survey_list", args=[w.charter.slug])).content.decode()
    assert "plus de trois ans" in page and "Bailleur B" in page
    # Landlord B's last representative survey is too old; landlord A has none.
    assert page.count("badge-late") == 2 and "enquête à faire" in page
    trend = client.get(
        reverse("diagnostics:survey_trend", args=[w.charter.slug]) + f"?bailleur={w.landlord_b.pk}"
    )
    assert "58,5 %" in trend.content.decode() or "58.5 %" in trend.content.decode()
    detail = client.get(old.get_absolute_url()).content.decode()
    assert "Satisfaction globale" in detail and "Modifier" not in detail
