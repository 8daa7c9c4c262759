"""A finding feeds the action plan (it becomes an action of a project sheet through actions' services, or
is linked to one); the organisation's referents are told of a routing by e-mail, once; the home page
list of a referent's organisation (late first)."""

import datetime as dt

from django.core import mail
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from diagnostics import services
from diagnostics.choices import FindingState, PlaceKind
from diagnostics.models import Finding, Notification
from gusp.core import jobs
from gusp.core.models import Job
from tests.factories import ActionFactory, ProjectSheetFactory, ThemeFactory
from tests.utils import all_counts, client_as

from .factories import record


def _sheet(field, lead):
    return ProjectSheetFactory(
        charter=field.charter, theme=ThemeFactory(charter=field.charter), title="Propreté des parties communes",
        lead=lead, all_territories=True,
    )  # fmt: skip


def test_the_landlord_in_charge_makes_it_an_action_of_its_sheet(field):
    sheet = _sheet(field, field.landlord_a)
    finding = record(field, residence=field.residence_a, entrance="Cage 3")
    client = client_as(field.referent_a)
    url = reverse("diagnostics:finding_action_create", args=[finding.pk])
    today = timezone.localdate()
    response = client.post(url, {"sheet": sheet.pk, "title": "Nettoyage renforcé cage 3", "lead": field.landlord_b.pk,
                                 "starts_on": today.isoformat(), "due_on": (today + dt.timedelta(days=30)).isoformat(),
                                 "form_key": "e" * 32})  # fmt: skip
    action = Action.objects.get(sheet=sheet)
    assert response.status_code == 302 and response["Location"] == action.get_absolute_url()
    # The lead is the referent's own organisation (actions' rule), whatever was posted; the residence follows.
    assert action.lead == field.landlord_a and list(action.residences.all()) == [field.residence_a]
    assert action.territory == field.territory
    finding.refresh_from_db()
    assert finding.action == action and finding.events.filter(kind="action").exists()


def test_a_sheet_the_user_may_not_edit_is_refused_and_nothing_is_written(field):
    sheet = _sheet(field, field.landlord_b)
    finding = record(field, residence=field.residence_a)
    client = client_as(field.referent_a)
    before = all_counts()
    response = client.post(reverse("diagnostics:finding_action_create", args=[finding.pk]), {
        "sheet": sheet.pk, "title": "x", "starts_on": "2024-01-01", "due_on": "2024-02-01"})  # fmt: skip
    assert response.status_code == 400 and all_counts() == before


def test_the_coordinator_links_it_to_an_existing_action(field):
    sheet = _sheet(field, field.landlord_a)
    action = ActionFactory(sheet=sheet, lead=field.landlord_a, territory=field.territory)
    finding = record(field, category="eclairage", place=PlaceKind.PUBLIC)
    response = client_as(field.coordinator).post(
        reverse("diagnostics:finding_action_link", args=[finding.pk]),
        {"action": action.pk, "form_key": "f" * 32},
    )
    assert response.status_code == 302
    assert Finding.objects.get(pk=finding.pk).action == action


def test_the_referents_are_told_once_per_routing(field):
    finding = record(field, category="encombrants", place=PlaceKind.PUBLIC)
    job = Job.objects.get(key=f"diagnostics:routed:{finding.pk}:1")
    mail.outbox.clear()
    assert jobs.run(job.pk) == "done"
    assert [m.to for m in mail.outbox] == [["collectes@example.org"]]
    assert "Encombrants" in mail.outbox[0].subject and "Direction des collectes" in mail.outbox[0].body
    Job.objects.filter(pk=job.pk).update(state="pending")
    jobs.run(job.pk)  # run again (a worker killed after sending): nothing sent twice
    assert len(mail.outbox) == 1 and Notification.objects.filter(finding=finding).count() == 1
    # Re-routed meanwhile: the old job sends nothing, the new one tells the new organisation.
    services.reroute(
        finding=finding, organisation=field.city, reason="Voirie communale", author=field.coordinator
    )
    assert services.deliver_routed(finding_id=finding.pk, sequence=1) == 0
    assert services.deliver_routed(finding_id=finding.pk, sequence=2) == 1
    assert mail.outbox[-1].to == ["ville@example.org"]


def test_home_page_list_of_the_referents_organisation_late_first(field):
    past = timezone.now() - dt.timedelta(days=30)
    late = record(field, residence=field.residence_a, now=past, observed_at=past)
    fresh = record(field, residence=field.residence_a)
    record(field, residence=field.residence_b)
    treated = record(field, residence=field.residence_a)
    services.change_state(finding=treated, to_state=FindingState.ACKNOWLEDGED, author=field.referent_a)
    services.change_state(finding=treated, to_state=FindingState.TREATED, author=field.referent_a)
    mine = Finding.objects.home_for(field.referent_a)
    assert list(mine) == [late, fresh]
    assert [f.is_late for f in mine] == [True, False]
    assert not Finding.objects.home_for(field.member).filter(assigned_to=field.landlord_a).exists()
    request = RequestFactory().get("/")
    request.user = field.referent_a
    html = render_to_string(
        "diagnostics/includes/home_findings.html",
        {"open_findings": list(mine[:10]), "open_findings_count": mine.count()},
        request=request,
    )
    assert "Dysfonctionnements à traiter" in html and html.index(f"n°{late.pk}") < html.index(f"n°{fresh.pk}")
    assert "badge-late" in html
