"""A report's life: the landlord enters and submits its programme, the partners comment, the coordination
records the steering committee's decision that validates (and publishes) it; the PDF is made in a durable
job, never inside the request."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from funding.tfpb import services
from funding.tfpb.choices import ReportState
from funding.tfpb.models import TfpbComment, TfpbReport
from gusp.core.models import Job, JobState
from tests.factories.governance import CommitteeFactory, DecisionFactory, MeetingFactory
from tests.utils import assert_refused, run_jobs

from . import factories


@pytest.fixture
def report(programmes) -> TfpbReport:
    return factories.action(programmes.quarter_1, programmes.year, 3, "2500.00", "1000.00").report


def test_submit_comment_validate_publish(programmes, report, client_as):
    p = programmes
    landlord = client_as(p.w.referent_a)
    response = landlord.post(reverse("funding:tfpb_report_submit", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.submitted_by == p.w.referent_a

    # Another landlord comments (partners check each other's reports in the committees).
    response = client_as(p.w.referent_b).post(
        reverse("funding:tfpb_report_comment", args=[report.pk]),
        {"text": "Le sur-entretien est-il reconduit ?"},
    )
    assert response.status_code == 302
    comment = TfpbComment.objects.get(report=report)
    assert comment.organisation == p.w.landlord_b

    coordinator = client_as(p.w.coordinator)
    page = coordinator.get(reverse("funding:tfpb_home", args=[p.w.charter.slug])).content.decode()
    assert "À valider par le comité de pilotage" in page and report.get_absolute_url() in page
    form = coordinator.get(reverse("funding:tfpb_report_validate", args=[report.pk])).content.decode()
    assert "Les bilans TFPB sont validés." in form
    response = coordinator.post(
        reverse("funding:tfpb_report_validate", args=[report.pk]),
        {"decision": p.decision.pk, "edit_version": report.version},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.is_validated and report.decision == p.decision and not report.is_published
    assert report.validated_by == p.w.coordinator

    coordinator.post(reverse("funding:tfpb_report_publish", args=[report.pk]), {"publish": "1"})
    report.refresh_from_db()
    assert report.is_published
    page = coordinator.get(report.get_absolute_url()).content.decode()
    assert "Validé par le comité de pilotage" in page and "Le sur-entretien est-il reconduit ?" in page


def test_a_report_is_validated_by_a_steering_committee_decision_of_its_charter(programmes, report, client_as):
    p = programmes
    services.submit_report(report=report, author=factories.coordination())
    report.refresh_from_db()
    technical = CommitteeFactory(charter=p.w.charter, technical=True)
    technical_decision = DecisionFactory(meeting=MeetingFactory(committee=technical, held=True))
    other_charter_decision = DecisionFactory()
    url = reverse("funding:tfpb_report_validate", args=[report.pk])
    for decision in [technical_decision, other_charter_decision]:
        assert_refused(
            client_as(p.w.coordinator),
            url,
            {"decision": decision.pk, "edit_version": report.version},
            escape("Choisissez une décision du comité de pilotage de cette charte."),
        )
    with pytest.raises(ValidationError, match="Seul le comité de pilotage"):
        services.validate_report(report=report, decision=technical_decision, author=factories.coordination())


def test_only_a_submitted_report_is_validated(programmes, report):
    with pytest.raises(ValidationError, match="transmis par le bailleur"):
        services.validate_report(report=report, decision=programmes.decision, author=factories.coordination())
    with pytest.raises(ValidationError, match="Seul un bilan validé"):
        services.publish_report(report=report, publish=True, author=factories.coordination())


def test_an_empty_programme_is_not_submitted(programmes):
    empty = services.report_for(
        quarter=programmes.quarter_2, year=programmes.year, author=factories.coordination()
    )
    with pytest.raises(ValidationError, match="au moins une action"):
        services.submit_report(report=empty, author=factories.coordination())


def test_the_pdf_is_made_in_a_durable_job(programmes, report, client_as):
    client = client_as(programmes.w.referent_b)
    response = client.post(reverse("funding:tfpb_report_pdf_request", args=[report.pk]))
    assert response.status_code == 302
    job = Job.objects.get(name=services.RENDER_PDF)
    report.refresh_from_db()
    assert job.state == JobState.PENDING and job.kwargs == {
        "report_id": report.pk,
        "revision": report.revision,
    }
    assert not report.pdf  # nothing rendered inside the request
    page = client.get(report.get_absolute_url()).content.decode()
    assert "data-job-status-url" in page

    # Asked again while queued: the same job.
    client.post(reverse("funding:tfpb_report_pdf_request", args=[report.pk]))
    assert Job.objects.filter(name=services.RENDER_PDF).count() == 1

    assert run_jobs() == [JobState.DONE]
    report.refresh_from_db()
    assert report.pdf_ready and report.pdf_made_on == dt.date.today()
    download = client.get(reverse("funding:tfpb_report_pdf", args=[report.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")

    # A change makes it stale: the next request renders the new revision.
    factories.action(programmes.quarter_1, programmes.year, 4, "10.00")
    report.refresh_from_db()
    assert not report.pdf_ready
    # An outsider follows nothing and downloads nothing.
    assert (
        client_as(programmes.w.outsider).get(reverse("funding:tfpb_report_pdf", args=[report.pk])).status_code
        == 404
    )


def test_a_stale_pdf_job_does_nothing(programmes, report):
    services.request_report_pdf(report=report)
    factories.action(programmes.quarter_1, programmes.year, 4, "10.00")  # a new revision meanwhile
    assert run_jobs() == [JobState.DONE]
    report.refresh_from_db()
    assert not report.pdf


def test_the_coordination_keeps_the_conventions(programmes, client_as):
    p = programmes
    coordinator = client_as(p.w.coordinator)
    url = reverse("funding:tfpb_convention_create", args=[p.w.charter.slug])
    assert coordinator.get(url).status_code == 200
    payload = {
        "landlord": p.w.landlord_a.pk,
        "title": "Avenant",
        "reference": "",
        "start_year": p.year + 1,
        "end_year": p.year + 3,
        "signed_on": "",
        "note": "",
    }
    assert_refused(
        coordinator,
        url,
        payload,
        escape("Ce bailleur a déjà une convention sur une partie de ces années : modifiez-la."),
    )
    response = coordinator.post(url, payload | {"start_year": p.year + 3})
    assert response.status_code == 302
    created = p.w.landlord_a.tfpb_conventions.get(start_year=p.year + 3)

    # A landlord's referents do not keep conventions.
    assert client_as(p.w.referent_a).post(url, payload | {"start_year": p.year + 3}).status_code == 404

    # A quarter, its abatement computed from the figure per dwelling.
    quarter_url = reverse("funding:tfpb_quarter_create", args=[created.pk])
    assert "Les Tilleuls" in coordinator.get(quarter_url).content.decode()  # the landlord's residences
    response = coordinator.post(
        quarter_url,
        {
            "territory": p.w.territory.pk,
            "dwellings": "120",
            "yearly_abatement": "",
            "abatement_per_dwelling": "201,05",
        },
    )
    assert response.status_code == 302
    quarter = created.quarters.get()
    assert quarter.yearly_amount == factories.Decimal("24126.00") and quarter.is_computed
    page = coordinator.get(created.get_absolute_url()).content.decode()
    assert "120 logements × 201,05" in page

    # The years keep covering the programmes entered.
    factories.action(p.quarter_1, p.year + 2, 1, "10.00")
    edit = reverse("funding:tfpb_convention_edit", args=[p.convention_a.pk])
    assert coordinator.get(edit).status_code == 200
    assert_refused(
        coordinator,
        edit,
        payload | {"start_year": p.year, "end_year": p.year + 1, "edit_version": p.convention_a.version},
        escape(f"Des programmes sont saisis pour {p.year + 2} : la convention doit couvrir ces années."),
    )


def test_the_forms_and_pages_open(programmes, client_as):
    p = programmes
    report = factories.action(p.quarter_1, p.year, 3, "2500.00", "1000.00").report
    action = report.actions.get()
    coordinator = client_as(p.w.coordinator)
    for url in [
        reverse("funding:tfpb_home", args=[p.w.charter.slug]),
        reverse("funding:tfpb_convention", args=[p.convention_a.pk]),
        reverse("funding:tfpb_quarter_edit", args=[p.quarter_2.pk]),
        reverse("funding:tfpb_year", args=[p.convention_a.pk, p.year]),
        reverse("funding:tfpb_action_create", args=[p.convention_a.pk, p.year]),
        reverse("funding:tfpb_action_edit", args=[action.pk]),
        reverse("funding:tfpb_report_edit", args=[report.pk]),
        reverse("funding:tfpb_report_comment", args=[report.pk]),
        reverse("diagnostics:survey_create", args=[p.w.charter.slug]),
    ]:
        assert coordinator.get(url).status_code == 200, url
    assert (
        coordinator.get(reverse("funding:tfpb_year", args=[p.convention_a.pk, p.year + 5])).status_code == 404
    )
