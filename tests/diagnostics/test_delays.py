"""Delay statistics on a hand-computed case across month boundaries (Europe/Paris time)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from diagnostics import services
from diagnostics.choices import FindingState as S
from diagnostics.choices import PlaceKind
from diagnostics.delays import delay_rows, total
from diagnostics.models import Finding
from tests.utils import client_as

from .factories import record

PARIS = ZoneInfo("Europe/Paris")


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


@pytest.fixture
def case(field):
    """Four findings of « propreté des parties communes » (target: 7 days) routed to landlord A:

    F1 routed 31/01 10:00, acknowledged 31/01 16:00 (0.25 d), treated 05/02 10:00 (5 d), due 07/02: in time
    F2 routed 29/01 09:00, acknowledged 01/02 09:00 (3 d), treated 10/02 09:00 (12 d), due 05/02: late
    F3 routed 01/02 00:30 Paris — still 31/01 in UTC: February's —, never acknowledged, due 08/02: overdue
    F4 routed 15/02 10:00, due 22/02: not yet due on 20/02
    and F5, rejected (not counted), routed in January."""

    def make(routed, ack=None, treated=None):
        finding = record(field, residence=field.residence_a, now=routed, observed_at=routed)
        if ack:
            services.change_state(finding=finding, to_state=S.ACKNOWLEDGED, author=field.referent_a, at=ack)
        if treated:
            services.change_state(finding=finding, to_state=S.TREATED, author=field.referent_a, at=treated)
        return Finding.objects.get(pk=finding.pk)

    findings = {
        "F1": make(at(2024, 1, 31, 10), at(2024, 1, 31, 16), at(2024, 2, 5, 10)),
        "F2": make(at(2024, 1, 29, 9), at(2024, 2, 1, 9), at(2024, 2, 10, 9)),
        "F3": make(at(2024, 2, 1, 0, 30)),
        "F4": make(at(2024, 2, 15, 10)),
    }
    rejected = make(at(2024, 1, 10, 10))
    services.change_state(
        finding=rejected, to_state=S.REJECTED, author=field.referent_a, reject_reason="invalid"
    )
    assert findings["F1"].due_on == dt.date(2024, 2, 7) and findings["F3"].due_on == dt.date(2024, 2, 8)
    return findings


def test_delays_by_month(field, case):
    rows = delay_rows(
        Finding.objects.filter(charter=field.charter), by=("month",), today=dt.date(2024, 2, 20)
    )
    january, february = rows
    assert january.key == (dt.date(2024, 1, 1),) and january.labels == {"month": "janvier 2024"}
    assert (
        january.routed,
        january.acknowledged,
        january.treated,
        january.within_target,
        january.overdue,
    ) == (2, 2, 2, 1, 0)
    assert january.ack_mean_days == pytest.approx((0.25 + 3) / 2)
    assert january.treat_mean_days == pytest.approx((5 + 12) / 2)
    assert january.treat_median_days == pytest.approx(8.5)
    assert january.share_within_target == pytest.approx(50)
    assert february.key == (dt.date(2024, 2, 1),)
    assert (
        february.routed,
        february.acknowledged,
        february.treated,
        february.within_target,
        february.overdue,
    ) == (2, 0, 0, 0, 1)
    assert february.ack_mean_days is None and february.treat_mean_days is None
    assert february.share_within_target == 0
    whole = total(rows)
    assert (whole.routed, whole.treated, whole.within_target, whole.overdue) == (4, 2, 1, 1)
    assert whole.share_within_target == pytest.approx(100 / 3, abs=0.05)


def test_delays_by_organisation_category_and_territory(field, case):
    public = record(
        field,
        category="encombrants",
        place=PlaceKind.PUBLIC,
        now=at(2024, 2, 2, 8),
        observed_at=at(2024, 2, 2, 8),
    )
    services.change_state(
        finding=public, to_state=S.ACKNOWLEDGED, author=field.cpa_referent, at=at(2024, 2, 2, 20)
    )
    findings = Finding.objects.filter(charter=field.charter)
    by_org = {
        row.labels["organisation"]: row
        for row in delay_rows(findings, by=("organisation",), today=dt.date(2024, 2, 20))
    }
    assert set(by_org) == {"Bailleur A", "Agglomération de test"}
    assert by_org["Agglomération de test"].ack_mean_days == pytest.approx(0.5)
    assert (by_org["Bailleur A"].routed, by_org["Bailleur A"].overdue) == (4, 1)
    by_category = delay_rows(findings, by=("category", "territory"), today=dt.date(2024, 2, 20))
    assert [(r.labels["category"], r.routed) for r in by_category] == [
        ("Encombrants", 1),
        ("Propreté des parties communes", 4),
    ]


def test_the_dashboard_lists_late_ones_first(field, case):
    client = client_as(field.coordinator)
    page = client.get(reverse("diagnostics:delays", args=[field.charter.slug]) + "?par=month")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index("En retard") < html.index("Tableau des délais")
    assert "janvier 2024" in html and "février 2024" in html
    assert f"n°{case['F3'].pk}" in html  # overdue today
