"""What every form of the platform does: an edit form refuses to overwrite a newer version (and says who
changed what), a create form posted twice makes one record, and every field is bounded."""

import datetime as dt
import re
import uuid

import pytest
from django.urls import reverse

from actions.models import Action, Intervention, Measurement, ProjectSheet
from governance.models import AgendaItem, Decision, Meeting, Minutes
from tests.factories import (
    ActionFactory,
    IndicatorFactory,
    MeetingFactory,
    ProjectSheetFactory,
)
from tests.utils import action_payload, client_as, meeting_payload, sheet_payload


def version_in(html: str) -> int:
    return int(re.search(r'name="edit_version" value="(\d+)"', html).group(1))


def key() -> str:
    return uuid.uuid4().hex


@pytest.fixture
def sheet(small_world):
    return ProjectSheetFactory(
        charter=small_world.charter, title="Propreté des halls", findings="Constat initial"
    )


def test_two_forms_from_the_same_version_the_second_is_refused_with_the_first_change_shown(
    small_world, sheet
):
    url = reverse("actions:sheet_edit", args=[sheet.pk])
    alice, bob = client_as(small_world.coordinator), client_as(small_world.coordinator)
    opened = version_in(alice.get(url).content.decode())
    assert version_in(bob.get(url).content.decode()) == opened

    first = alice.post(
        url, sheet_payload(sheet, title="Propreté des halls et des caves", edit_version=opened)
    )
    assert first.status_code == 302
    second = bob.post(url, sheet_payload(sheet, findings="Constat revu par Bob", edit_version=opened))
    html = second.content.decode()
    assert second.status_code == 400
    assert "rien n'a été enregistré" in html
    assert "Propreté des halls et des caves" in html  # what the first one changed, in words
    assert "Constat revu par Bob" in html  # what Bob typed is kept
    sheet.refresh_from_db()
    assert sheet.title == "Propreté des halls et des caves" and sheet.findings == "Constat initial"

    # Bob compared; saving again (the page now stands on the current version) applies what he typed.
    again = bob.post(
        url, sheet_payload(sheet, findings="Constat revu par Bob", edit_version=version_in(html))
    )
    assert again.status_code == 302
    sheet.refresh_from_db()
    assert sheet.findings == "Constat revu par Bob" and sheet.title == "Propreté des halls et des caves"


def test_a_stale_action_form_is_refused(small_world, sheet):
    action = ActionFactory(sheet=sheet, lead=small_world.city)
    url = reverse("actions:action_edit", args=[action.pk])
    client = client_as(small_world.coordinator)
    opened = version_in(client.get(url).content.decode())
    assert (
        client.post(url, action_payload(action, title="Première version", edit_version=opened)).status_code
        == 302
    )
    refused = client.post(url, action_payload(action, title="Seconde version", edit_version=opened))
    assert refused.status_code == 400
    assert Action.objects.get(pk=action.pk).title == "Première version"


def test_stale_minutes_and_meeting_forms_are_refused(small_world, committees):
    meeting = MeetingFactory(committee=committees["technical"], held=True)
    client = client_as(small_world.coordinator)
    url = reverse("governance:minutes_edit", args=[meeting.pk])
    assert client.post(url, {"text": "Première rédaction"}).status_code == 302
    opened = version_in(client.get(url).content.decode())
    assert client.post(url, {"text": "Deuxième rédaction", "edit_version": opened}).status_code == 302
    refused = client.post(url, {"text": "Rédaction concurrente", "edit_version": opened})
    assert refused.status_code == 400 and "Deuxième rédaction" in refused.content.decode()
    assert Minutes.objects.get(meeting=meeting).text == "Deuxième rédaction"

    planned = MeetingFactory(committee=committees["technical"], day=dt.date.today() + dt.timedelta(days=20))
    url = reverse("governance:meeting_edit", args=[planned.pk])
    opened = version_in(client.get(url).content.decode())
    day = planned.local_date
    assert client.post(url, meeting_payload(day, place="Salle A", edit_version=opened)).status_code == 302
    assert client.post(url, meeting_payload(day, place="Salle B", edit_version=opened)).status_code == 400
    assert Meeting.objects.get(pk=planned.pk).place == "Salle A"


def test_the_journal_posted_twice_makes_one_entry(small_world, sheet):
    action = ActionFactory(sheet=sheet, lead=small_world.landlord_a)
    client = client_as(small_world.referent_a)
    url = reverse("actions:intervention_create", args=[action.pk])
    assert 'name="form_key"' in client.get(url).content.decode()
    data = {
        "done_on": dt.date.today().isoformat(),
        "text": "Passage de l'entreprise, cage B",
        "form_key": key(),
    }
    first = client.post(url, data)
    second = client.post(url, data)  # a double tap, or the same form sent again
    assert first.status_code == second.status_code == 302
    assert second.url == first.url
    assert Intervention.objects.filter(action=action).count() == 1
    page = client.get(second.url).content.decode()
    assert "déjà été envoyé" in page
    # Another form (a new key) is another entry.
    client.post(url, data | {"form_key": key()})
    assert Intervention.objects.filter(action=action).count() == 2


def test_a_measurement_an_agenda_item_a_decision_and_a_planned_year_posted_twice_are_saved_once(
    small_world, committees
):
    client = client_as(small_world.coordinator)
    indicator = IndicatorFactory(charter=small_world.charter)
    data = {"measured_on": "2025-03-31", "value": "12", "form_key": key()}
    url = reverse("actions:indicator_detail", args=[indicator.pk])
    client.post(url, data)
    client.post(url, data)
    assert Measurement.objects.filter(indicator=indicator).count() == 1

    meeting = MeetingFactory(committee=committees["technical"], held=True)
    item = {"title": "Bilan", "description": "", "order": "", "form_key": key()}
    for _ in range(2):
        client.post(reverse("governance:agenda_item_create", args=[meeting.pk]), item)
    assert AgendaItem.objects.filter(meeting=meeting).count() == 1
    decision = {"text": "Le plan est validé.", "order": "", "form_key": key()}
    for _ in range(2):
        client.post(reverse("governance:decision_create", args=[meeting.pk]), decision)
    assert Decision.objects.filter(meeting=meeting).count() == 1

    committee = committees["wg_b"]
    year = small_world.charter.ends_on.year
    plan = {
        "year": year,
        "months": ["1", "3", "5"],
        "position": "2",
        "weekday": "1",
        "start_time": "14:00",
        "end_time": "16:00",
        "place": "Mairie",
        "subject": "",
        "create": "1",
        "form_key": key(),
    }
    url = reverse("governance:plan_year", args=[committee.pk])
    first, second = client.post(url, plan), client.post(url, plan)
    assert first.status_code == second.status_code == 302
    assert Meeting.objects.filter(committee=committee, starts_at__year=year).count() == 3


def test_a_key_spent_by_someone_else_does_not_leak_their_record(small_world, sheet):
    action = ActionFactory(sheet=sheet, lead=small_world.landlord_a)
    url = reverse("actions:intervention_create", args=[action.pk])
    data = {"done_on": dt.date.today().isoformat(), "text": "Entrée", "form_key": key()}
    assert client_as(small_world.referent_a).post(url, data).status_code == 302
    coordinator = client_as(small_world.coordinator)
    response = coordinator.post(url, data | {"text": "Autre entrée"})
    assert response.status_code == 400 and "déjà été envoyé" in response.content.decode()
    assert Intervention.objects.filter(action=action).count() == 1
    assert ProjectSheet.objects.filter(pk=sheet.pk).exists()
