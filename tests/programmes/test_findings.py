"""The report shows the findings of the walking diagnostics routed to the landlord in its quarter that year,
how fast it treated them (diagnostics' delay figures), and which of them the programme's actions answer."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from diagnostics import services as diagnostics_services
from diagnostics.choices import FindingState as S
from diagnostics.choices import PlaceKind
from funding.tfpb.report import quarter_report
from tests.diagnostics.factories import field_world, record
from tests.utils import assert_refused

from . import factories


@pytest.fixture
def field(programmes):
    return field_world(programmes.w)


def findings_case(programmes, field):
    """Three weeks ago, three findings routed to landlord A in the first quarter (one treated in 3 days, one
    left open past its 7-day target, one about lighting), one routed to landlord B, one in landlord A's
    residence elsewhere… (not in the quarter)."""
    w = programmes.w
    then = timezone.now() - dt.timedelta(days=21)
    treated = record(field, residence=w.residence_a, observed_at=then, now=then)
    diagnostics_services.change_state(
        finding=treated, to_state=S.ACKNOWLEDGED, author=w.referent_a, at=then + dt.timedelta(days=1)
    )
    diagnostics_services.change_state(
        finding=treated, to_state=S.TREATED, author=w.referent_a, at=then + dt.timedelta(days=3)
    )
    late = record(field, residence=w.residence_a, observed_at=then, now=then, category="encombrants")
    lighting = record(
        field,
        residence=w.residence_a,
        observed_at=then,
        now=then,
        category="eclairage",
        place=PlaceKind.BUILDING,
    )
    other_landlord = record(field, residence=w.residence_b, observed_at=then, now=then)
    return then.astimezone(timezone.get_current_timezone()).year, treated, late, lighting, other_landlord


def test_the_report_counts_the_landlords_findings_and_their_delays(programmes, field, client_as):
    year, treated, late, lighting, other = findings_case(programmes, field)
    assert {treated.assigned_to, late.assigned_to, lighting.assigned_to} == {programmes.w.landlord_a}
    action = factories.action(programmes.quarter_1, year, 3, "1000.00", findings=[treated, late])
    figures = quarter_report(action.report)

    findings = figures.findings
    assert (findings.routed, findings.treated, findings.open, findings.late) == (3, 1, 2, 2)
    assert findings.treat_median_days == pytest.approx(3.0)
    assert findings.share_within_target == pytest.approx(100 / 3)  # 1 in time among 1 treated + 2 overdue
    assert [line.pk for line in findings.lines] == sorted([treated.pk, late.pk, lighting.pk])
    assert other.pk not in [line.pk for line in findings.lines]
    assert figures.answered == {treated.pk: [action.title], late.pk: [action.title]}

    page = client_as(programmes.w.member).get(action.report.get_absolute_url()).content.decode()
    assert "3 constats orientés vers Bailleur A" in page and "dont <strong>2 en retard</strong>" in page
    assert reverse("diagnostics:finding_detail", args=[late.pk]) in page


def test_the_public_report_shows_counts_and_no_list(programmes, field):
    year, *_ = findings_case(programmes, field)
    report = factories.action(programmes.quarter_1, year, 3, "1000.00").report
    figures = quarter_report(report, public=True)
    assert figures.findings.routed == 3 and figures.findings.lines == []


def test_an_action_answers_only_findings_of_its_quarter_about_its_landlord(programmes, field, client_as):
    year, treated, late, lighting, other = findings_case(programmes, field)
    with pytest.raises(ValidationError, match="n'a pas été fait dans ce quartier"):
        factories.action(programmes.quarter_2, year, 3, "10.00", findings=[treated])
    p = programmes
    url = reverse("funding:tfpb_action_create", args=[p.convention_a.pk, year])
    payload = {
        "quarter": p.quarter_1.pk,
        "axis": "3",
        "title": "Nettoyage",
        "planned_amount": "10",
        "order": "0",
        "findings": [other.pk],  # landlord B's
    }
    assert_refused(
        client_as(p.w.referent_a),
        url,
        payload,
        escape("Choisissez des constats du quartier, routés au bailleur ou faits dans ses résidences."),
    )


def test_without_a_provider_the_report_says_findings_are_not_linked(programmes, settings, client_as):
    settings.GUSP_TFPB_FINDINGS = ""
    report = factories.action(programmes.quarter_1, programmes.year, 3, "10.00").report
    assert quarter_report(report).findings is None
    page = client_as(programmes.w.member).get(report.get_absolute_url()).content.decode()
    assert "ne sont pas reliés à ce bilan" in page
