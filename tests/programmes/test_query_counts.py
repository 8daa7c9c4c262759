"""The programmes' pages and the surveys' keep a constant number of SQL queries as data grows, under a
ceiling recorded here: each page is measured, per role, at two sizes (equal counts: no query per action,
finding, comment, quarter, survey or result) and against the ceiling. A page that changes on purpose gets its
ceiling changed in the same commit, with the reason."""

import datetime as dt
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from funding.tfpb import services
from tests.diagnostics.factories import field_world, record
from tests.factories import ResidenceFactory, TerritoryFactory
from tests.utils import count_queries

from . import factories

_counter = itertools.count(1)

# The most queries each page may make (session, user, membership and the page).
CEILINGS = {
    "home": 12,
    "convention": 10,
    "year": 11,
    "report": 13,
    "report_xlsx": 9,
    "report_public": 5,
    "survey_list": 10,
    "survey_trend": 9,
    "survey_detail": 10,
}


def grow(p, field, report, n: int) -> None:
    """n more actions in the report's programme, each answering a new finding of the quarter; n comments; n
    more quarters (with a programme) in landlord A's convention; n more surveys of landlord A, with two
    questions over the residences, one of them new."""
    w = p.w
    for _ in range(n):
        i = next(_counter)
        finding = record(field, residence=w.residence_a, observed_at=timezone.now() - dt.timedelta(days=2))
        factories.action(
            report.quarter,
            report.year,
            1 + i % 8,
            f"{100 + i}.00",
            f"{i}.00",
            title=f"Action {i}",
            findings=[finding],
        )
        services.add_comment(report=report, text=f"Commentaire {i}", author=w.referent_b)
        territory = TerritoryFactory(charter=w.charter, name=f"Quartier {i}")
        extra = factories.quarter(p.convention_a, territory, dwellings=10 + i, per_dwelling="100.00")
        factories.action(extra, report.year, 2, "50.00")
        residence = ResidenceFactory(territory=territory, landlord=w.landlord_a, name=f"Résidence {i}")
        survey = factories.survey(
            w.charter,
            w.landlord_a,
            [w.residence_a, residence],
            conducted_on=timezone.localdate() - dt.timedelta(days=10 * i),
            method="panel" if i % 2 else "representative",
        )
        factories.question(
            survey, "overall", "Satisfaction globale", {None: "70", w.residence_a: "65.5", residence: "71"}
        )
        factories.question(survey, "cleanliness", "Propreté", {w.residence_a: "50"})


def pages(p, report, survey, *, public: bool) -> dict[str, str]:
    if public:
        return {"report_public": reverse("funding:tfpb_report_public", args=[report.pk])}
    return {
        "home": reverse("funding:tfpb_home", args=[p.w.charter.slug]),
        "convention": reverse("funding:tfpb_convention", args=[p.convention_a.pk]),
        "year": reverse("funding:tfpb_year", args=[p.convention_a.pk, report.year]),
        "report": reverse("funding:tfpb_report", args=[report.pk]),
        "report_xlsx": reverse("funding:tfpb_report", args=[report.pk]) + "?export=xlsx",
        "survey_list": reverse("diagnostics:survey_list", args=[p.w.charter.slug]),
        "survey_trend": reverse("diagnostics:survey_trend", args=[p.w.charter.slug]),
        "survey_detail": survey.get_absolute_url(),
    }


@pytest.mark.parametrize("role", ["coordinator", "referent_a", "member"])
def test_programme_pages_query_counts(programmes, client_as, role):
    p = programmes
    field = field_world(p.w)
    year = timezone.localdate().year
    report = factories.action(p.quarter_1, year, 3, "1000.00", "500.00").report
    survey = factories.survey(
        p.w.charter, p.w.landlord_a, [p.w.residence_a], conducted_on=timezone.localdate()
    )
    factories.question(survey, "overall", "Satisfaction globale", {p.w.residence_a: "60"})
    client = client_as(p.user(role))
    urls = pages(p, report, survey, public=False)
    grow(p, field, report, 2)
    count_queries(client, urls)  # warm the caches
    small = count_queries(client, urls)
    grow(p, field, report, 5)
    large = count_queries(client, urls)

    assert large == small
    assert all(small[name] <= CEILINGS[name] for name in small), small


def test_the_public_report_query_counts(programmes, client_as):
    """Two published reports, of 2 and 7 actions answering findings: as many queries for the larger one."""
    p = programmes
    field = field_world(p.w)
    year = timezone.localdate().year
    coordination = factories.coordination()
    measured = []
    elsewhere = ResidenceFactory(territory=p.w.other_territory, landlord=p.w.landlord_a, name="Les Érables")
    for quarter, residence, n in [(p.quarter_1, p.w.residence_a, 2), (p.quarter_2, elsewhere, 7)]:
        report = factories.action(quarter, year, 3, "1000.00", "500.00").report
        for i in range(n):
            finding = record(
                field,
                residence=residence,
                territory=quarter.territory,
                observed_at=timezone.now() - dt.timedelta(days=2),
            )
            factories.action(
                quarter, year, 1 + i % 8, "100.00", "10.00", title=f"Action {i}", findings=[finding]
            )
        services.submit_report(report=report, author=coordination)
        services.validate_report(report=report, decision=p.decision, publish=True, author=coordination)
        urls = pages(p, report, None, public=True)
        client = client_as(None)
        count_queries(client, urls)
        measured.append(count_queries(client, urls))
    small, large = measured
    assert large == small
    assert all(small[name] <= CEILINGS[name] for name in small), small
