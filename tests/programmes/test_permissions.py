"""Who edits what, through HTTP: a landlord's referents edit only their own landlord's programmes and
surveys; the other partners read; committee members edit nothing; the public reads only the reports the
steering committee validated and published. Every refused request leaves the database as it was."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from diagnostics.surveys.models import SatisfactionSurvey
from funding.tfpb import services
from funding.tfpb.choices import ReportState
from funding.tfpb.models import TfpbAction
from tests.utils import all_counts, stored_state

from . import factories


def assert_unchanged(client, method, url, data, status, *records):
    """The request answers `status` and writes nothing (the records as stored, with their history, and the
    row counts of every table)."""
    before = [stored_state(r) for r in records], all_counts()
    response = getattr(client, method)(url, data or {})
    assert response.status_code == status, (url, response.status_code)
    assert ([stored_state(r) for r in records], all_counts()) == before
    return response


def action_payload(**overrides) -> dict:
    return {
        "axis": "3",
        "title": "Nettoyage renforcé",
        "description": "",
        "planned_amount": "1 234,56",
        "realised_amount": "",
        "done_account": "",
        "order": "0",
    } | overrides


@pytest.fixture
def programme_a(programmes):
    """Landlord A's programme in the first quarter, with one action."""
    action = factories.action(programmes.quarter_1, programmes.year, 1, "5000.00", "1000.00")
    return action.report, action


def test_a_landlord_enters_its_own_programme(programmes, client_as):
    p = programmes
    client = client_as(p.w.referent_a)
    url = reverse("funding:tfpb_action_create", args=[p.convention_a.pk, p.year])
    form = client.get(url).content.decode()
    assert "Les Amandiers" in form and "Le Vieux Moulin" in form

    response = client.post(url, action_payload(quarter=p.quarter_1.pk))

    assert response.status_code == 302, response.content.decode()[:3000]
    action = TfpbAction.objects.get(report__quarter=p.quarter_1, report__year=p.year)
    assert action.planned_amount == factories.Decimal("1234.56") and action.created_by == p.w.referent_a
    assert response["Location"] == reverse("funding:tfpb_report", args=[action.report.pk])


def test_a_landlord_cannot_touch_another_landlords_programme(programmes, programme_a, client_as):
    p = programmes
    report, action = programme_a
    client = client_as(p.w.referent_b)
    # Reading is shared.
    assert client.get(reverse("funding:tfpb_report", args=[report.pk])).status_code == 200
    # Every edit is a 404, as if it did not exist, and writes nothing.
    assert_unchanged(
        client,
        "post",
        reverse("funding:tfpb_action_create", args=[p.convention_a.pk, p.year]),
        action_payload(quarter=p.quarter_1.pk),
        404,
    )
    assert_unchanged(
        client, "post", reverse("funding:tfpb_action_edit", args=[action.pk]), action_payload(), 404, action
    )
    assert_unchanged(client, "post", reverse("funding:tfpb_action_delete", args=[action.pk]), {}, 404, action)
    assert_unchanged(
        client,
        "post",
        reverse("funding:tfpb_report_edit", args=[report.pk]),
        {"abatement": "1", "account": "x"},
        404,
        report,
    )
    assert_unchanged(client, "post", reverse("funding:tfpb_report_submit", args=[report.pk]), {}, 404, report)
    # Its own quarter B cannot take an action into landlord A's convention either.
    assert_unchanged(
        client,
        "post",
        reverse("funding:tfpb_action_create", args=[p.convention_b.pk, p.year]),
        action_payload(quarter=p.quarter_1.pk),
        400,
    )


@pytest.mark.parametrize("role", ["member", "outsider"])
def test_committee_members_read_and_outsiders_see_nothing(programmes, programme_a, client_as, role):
    p = programmes
    report, action = programme_a
    client = client_as(p.user(role))
    read = client.get(reverse("funding:tfpb_report", args=[report.pk]))
    assert read.status_code == (200 if role == "member" else 404)
    assert_unchanged(
        client,
        "post",
        reverse("funding:tfpb_action_create", args=[p.convention_a.pk, p.year]),
        action_payload(quarter=p.quarter_1.pk),
        404,
    )
    assert_unchanged(
        client, "post", reverse("funding:tfpb_action_edit", args=[action.pk]), action_payload(), 404, action
    )
    assert_unchanged(
        client,
        "post",
        reverse("funding:tfpb_report_comment", args=[report.pk]),
        {"text": "Bonjour"},
        403 if role == "member" else 404,
        report,
    )
    assert_unchanged(
        client,
        "post",
        reverse("funding:tfpb_report_validate", args=[report.pk]),
        {"decision": p.decision.pk, "publish": "on"},
        404,
        report,
    )


def test_only_the_coordination_records_the_steering_committees_validation(programmes, programme_a, client_as):
    p = programmes
    report, _action = programme_a
    services.submit_report(report=report, author=factories.coordination())
    report.refresh_from_db()
    for who in [p.w.referent_a, p.w.referent_b, p.w.member]:
        assert_unchanged(
            client_as(who),
            "post",
            reverse("funding:tfpb_report_validate", args=[report.pk]),
            {"decision": p.decision.pk, "publish": "on"},
            404,
            report,
        )
        assert_unchanged(
            client_as(who),
            "post",
            reverse("funding:tfpb_report_publish", args=[report.pk]),
            {"publish": "1"},
            404,
            report,
        )

    response = client_as(p.w.coordinator).post(
        reverse("funding:tfpb_report_validate", args=[report.pk]),
        {"decision": p.decision.pk, "publish": "on", "edit_version": report.version},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    report.refresh_from_db()
    assert report.state == ReportState.VALIDATED and report.decision == p.decision and report.is_published


def test_the_public_reads_only_what_the_steering_committee_published(programmes, programme_a, client):
    p = programmes
    report, _action = programme_a
    public_url = reverse("funding:tfpb_report_public", args=[report.pk])
    listing = reverse("funding:tfpb_public_list", args=[p.w.charter.slug])
    # Not published: nothing for visitors, and the partners' page asks to log in.
    assert client.get(public_url).status_code == 404
    assert "Aucun bilan n'est publié" in client.get(listing).content.decode().replace("&#x27;", "'")
    members_page = client.get(reverse("funding:tfpb_report", args=[report.pk]))
    assert members_page.status_code == 302 and "/connexion/" in members_page["Location"]
    assert client.get(reverse("funding:tfpb_report", args=[report.pk]) + "?export=xlsx").status_code == 302

    coordination = factories.coordination()
    services.submit_report(report=report, author=coordination)
    services.validate_report(report=report, decision=p.decision, publish=False, author=coordination)
    assert client.get(public_url).status_code == 404  # validated, not published

    services.publish_report(report=report, publish=True, author=coordination)
    page = client.get(public_url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Validé et publié par le comité de pilotage" in text
    assert "Commentaires" not in text  # the partners' comments stay theirs
    assert reverse("funding:tfpb_report_public", args=[report.pk]) in client.get(listing).content.decode()

    # A published report of an unpublished charter stays the partners'.
    p.w.charter.is_published = False
    p.w.charter.save()
    assert client.get(public_url).status_code == 404


def test_a_validated_report_no_longer_changes(programmes, programme_a, client_as):
    p = programmes
    report, action = programme_a
    coordination = factories.coordination()
    services.submit_report(report=report, author=coordination)
    services.validate_report(report=report, decision=p.decision, author=coordination)
    report.refresh_from_db()
    client = client_as(p.w.referent_a)
    response = client.post(reverse("funding:tfpb_action_delete", args=[action.pk]))
    assert response.status_code == 302
    assert TfpbAction.objects.filter(pk=action.pk).exists()
    page = client.get(reverse("funding:tfpb_report", args=[report.pk])).content.decode()
    assert "il ne change plus" in page
    assert_unchanged(
        client,
        "post",
        reverse("funding:tfpb_action_edit", args=[action.pk]),
        action_payload(edit_version=action.version),
        400,
        action,
    )


# Surveys -----------------------------------------------------------------------------------------------------


def survey_payload(landlord, residences, **overrides) -> dict:
    return {
        "landlord": landlord.pk,
        "title": "Enquête triennale",
        "conducted_on": (timezone.localdate() - dt.timedelta(days=30)).isoformat(),
        "method": "representative",
        "sample_size": "400",
        "respondents": "300",
        "residences": [r.pk for r in residences],
        "provider": "",
        "note": "",
    } | overrides


def test_a_landlord_records_its_own_surveys_only(programmes, client_as):
    w = programmes.w
    client = client_as(w.referent_a)
    url = reverse("diagnostics:survey_create", args=[w.charter.slug])
    response = client.post(url, survey_payload(w.landlord_a, [w.residence_a]))
    assert response.status_code == 302, response.content.decode()[:3000]
    survey = SatisfactionSurvey.objects.get(landlord=w.landlord_a)
    assert list(survey.residences.all()) == [w.residence_a]

    # Another landlord's name, or residence: refused, nothing written.
    refused = assert_unchanged(client, "post", url, survey_payload(w.landlord_b, [w.residence_b]), 400)
    assert "vous ne saisissez que les enquêtes de votre bailleur" in refused.content.decode()
    assert_unchanged(client, "post", url, survey_payload(w.landlord_a, [w.residence_b]), 400)

    other = client_as(w.referent_b)
    assert other.get(survey.get_absolute_url()).status_code == 200  # partners read
    for name in ["diagnostics:survey_edit", "diagnostics:survey_question_create"]:
        assert_unchanged(
            other,
            "post",
            reverse(name, args=[survey.pk]),
            survey_payload(w.landlord_b, [w.residence_b]),
            404,
            survey,
        )
    question = factories.question(survey, "overall", "Satisfaction globale", {w.residence_a: "70"})
    assert_unchanged(
        other,
        "post",
        reverse("diagnostics:survey_question_edit", args=[question.pk]),
        {"theme": "overall", "text": "x", "order": "0", f"r{w.residence_a.pk}": "10"},
        404,
        question,
    )
    assert_unchanged(
        other, "post", reverse("diagnostics:survey_question_delete", args=[question.pk]), {}, 404, question
    )


@pytest.mark.parametrize("role", ["member", "outsider", "anonymous"])
def test_surveys_are_read_by_the_partners_only(programmes, client_as, role):
    w = programmes.w
    survey = factories.survey(
        w.charter, w.landlord_a, [w.residence_a], conducted_on=timezone.localdate() - dt.timedelta(days=5)
    )
    client = client_as(w.user(role))
    pages = [
        reverse("diagnostics:survey_list", args=[w.charter.slug]),
        reverse("diagnostics:survey_trend", args=[w.charter.slug]),
        survey.get_absolute_url(),
    ]
    for url in pages:
        response = client.get(url)
        expected = {"member": 200, "outsider": 404, "anonymous": 302}[role]
        assert response.status_code == expected, url
    if role != "anonymous":
        status = 403 if role == "member" else 404
        assert_unchanged(
            client,
            "post",
            reverse("diagnostics:survey_create", args=[w.charter.slug]),
            survey_payload(w.landlord_a, [w.residence_a]),
            status,
        )
        assert_unchanged(
            client,
            "post",
            reverse("diagnostics:survey_edit", args=[survey.pk]),
            survey_payload(w.landlord_a, [w.residence_a]),
            404,
            survey,
        )
