"""The present-day example (charter/data/exemple-2025): `load_demo` loads a clearly fictitious convention
whose states are live whatever the day — late actions, a rhythm kept, a report to validate, a landlord whose
representative survey is too old — every page that shows it says it is an example, the demonstration
accounts have roles in it, and loading it again writes nothing."""

import io
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import reverse

from actions.models import Action, ProjectSheet
from charter.models import Charter, Organisation, User
from charter.perms import can_coordinate, is_member
from diagnostics.models import Finding, WalkingDiagnostic
from diagnostics.surveys.trends import survey_flags
from funding.tfpb.choices import ReportState
from funding.tfpb.examples import is_example
from funding.tfpb.models import TfpbReport
from governance.models import Committee
from governance.rhythm import committee_rhythm
from tests.utils import DEMO_PASSWORD, all_counts, client_as

EXAMPLE = Path(django_settings.BASE_DIR) / "charter" / "data" / "exemple-2025"


@pytest.fixture
def example(db) -> Charter:
    call_command("load_demo", data=EXAMPLE, password=DEMO_PASSWORD, stdout=io.StringIO())
    return Charter.objects.get(slug="exemple-2025")


def test_the_example_is_live(example):
    assert is_example(example) and example.summary.startswith("Exemple fictif")
    assert "exemple fictif" in example.commune
    assert example.territories.count() == 3
    landlords = {o.slug for o in Organisation.objects.in_charter(example).landlords()}
    assert landlords == {"opac-sud", "logirem"}

    # Late actions, whatever the day (their dates follow today).
    assert Action.objects.filter(sheet__charter=example).late().count() == 2
    # The committees keep their rhythm, with a meeting ahead.
    for committee in Committee.objects.filter(charter=example).prefetch_related(
        "meetings", "charter__amendments"
    ):
        rhythm = committee_rhythm(committee)
        assert rhythm.is_kept, (committee, rhythm.shortfalls)
        assert rhythm.next_planned is not None
    # Walks with findings, some of them late, some routed to each landlord.
    assert WalkingDiagnostic.objects.filter(charter=example).count() == 4
    findings = Finding.objects.filter(charter=example)
    assert findings.late().exists()
    assert {f.assigned_to.slug for f in findings if f.assigned_to} >= {"opac-sud", "logirem"}
    # Reports: validated (one published) by a decision of the steering committee, others to validate.
    reports = TfpbReport.objects.filter(quarter__convention__charter=example)
    validated = reports.filter(state=ReportState.VALIDATED)
    assert validated.count() == 2 and validated.filter(published_at__isnull=False).count() == 1
    assert {r.decision.meeting.committee.kind for r in validated} == {"steering"}
    assert reports.filter(state=ReportState.SUBMITTED, year=2025).count() == 2
    assert reports.filter(year=2026, state=ReportState.DRAFT).count() == 4
    assert all(r.is_demo for r in reports)
    # The surveys: LOGIREM's representative survey is older than three years, OPAC Sud's is not.
    flags = {flag.landlord.slug: flag.is_late for flag in survey_flags(example)}
    assert flags == {"opac-sud": False, "logirem": True}


def test_the_demo_accounts_have_roles_in_the_example(example):
    coordination = User.objects.get(username="coordination")
    assert can_coordinate(coordination, example)
    for username in ["opac-sud", "logirem", "comite"]:
        assert is_member(User.objects.get(username=username), example.pk)
    assert not can_coordinate(User.objects.get(username="opac-sud"), example)
    # The accounts are those of the Vitrolles folder, unchanged by the example's.
    assert coordination.organisation.slug == "ville-vitrolles"
    assert can_coordinate(coordination, Charter.objects.get(slug="vitrolles-2007"))


def test_every_page_of_the_example_says_it_is_one(example):
    report = TfpbReport.objects.get(
        quarter__convention__charter=example,
        quarter__convention__landlord__slug="logirem",
        year=2025,
        quarter__territory__slug="la-gare",
    )
    published = TfpbReport.objects.get(quarter__convention__charter=example, published_at__isnull=False)
    client = client_as("logirem")
    pages = [
        reverse("funding:tfpb_home", args=[example.slug]),
        reverse("funding:tfpb_convention", args=[report.quarter.convention_id]),
        reverse("funding:tfpb_year", args=[report.quarter.convention_id, 2026]),
        report.get_absolute_url(),
        reverse("diagnostics:survey_list", args=[example.slug]),
        reverse("diagnostics:survey_trend", args=[example.slug]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Exemple fictif." in response.content.decode(), url
    # The charter's own pages, and those of its records, as a partner.
    sheet = ProjectSheet.objects.filter(charter=example).order_by("number").first()
    action = Action.objects.filter(sheet__charter=example).order_by("pk").first()
    committee = Committee.objects.filter(charter=example).order_by("pk").first()
    meeting = committee.meetings.order_by("starts_at").first()
    walk = WalkingDiagnostic.objects.filter(charter=example).order_by("pk").first()
    record_pages = [
        example.get_absolute_url(),
        sheet.get_absolute_url(),
        action.get_absolute_url(),
        reverse("actions:plan", args=[example.slug]),
        reverse("governance:committee_list", args=[example.slug]),
        reverse("governance:committee_detail", args=[committee.pk]),
        reverse("governance:meeting_detail", args=[meeting.pk]),
        walk.get_absolute_url(),
        reverse("syntheses:history", args=[example.slug]),
    ]
    for url in record_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Exemple fictif." in response.content.decode(), url
    # The historical charter is not one.
    vitrolles = Charter.objects.exclude(pk=example.pk).first()
    if vitrolles is not None:
        assert "Exemple fictif." not in client.get(vitrolles.get_absolute_url()).content.decode()
    public = client_as(None).get(reverse("funding:tfpb_report_public", args=[published.pk]))
    assert public.status_code == 200 and "Exemple fictif." in public.content.decode()
    # What the coordinator has to do: the reports to validate.
    home = client_as("coordination").get(reverse("funding:tfpb_home", args=[example.slug])).content.decode()
    assert "À valider par le comité de pilotage" in home and report.get_absolute_url() in home


def test_loading_the_example_twice_writes_nothing(example):
    before = all_counts()
    call_command("load_demo", data=EXAMPLE, password=DEMO_PASSWORD, stdout=io.StringIO())
    assert all_counts() == before
