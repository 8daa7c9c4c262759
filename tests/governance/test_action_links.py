"""Agenda items and decisions point to the project sheets and actions they concern."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actions.models import Action
from governance import services
from governance.models import AgendaItem, Committee, Decision
from tests.factories import MeetingFactory
from tests.utils import all_counts


@pytest.fixture
def renegotiation(demo):
    return Action.objects.get(title__startswith="Renégociation du contrat de nettoyage")


def test_agenda_item_on_an_action_takes_its_sheet(vitrolles, coordinator, renegotiation):
    meeting = MeetingFactory(committee=vitrolles["technical"], day=dt.date.today() + dt.timedelta(days=10))
    url = reverse("governance:agenda_item_create", args=[meeting.pk])
    payload = {
        "title": "Point sur le nettoyage",
        "description": "",
        "sheet": "",
        "action": renegotiation.pk,
        "order": "",
    }
    assert coordinator.post(url, payload).status_code == 302
    item = AgendaItem.objects.get(meeting=meeting)
    assert (item.action, item.sheet) == (renegotiation, renegotiation.sheet)
    html = coordinator.get(meeting.get_absolute_url()).content.decode()
    assert renegotiation.get_absolute_url() in html


def test_agenda_item_action_of_another_sheet_is_refused(vitrolles, coordinator, renegotiation, demo):
    meeting = MeetingFactory(committee=vitrolles["technical"], day=dt.date.today() + dt.timedelta(days=10))
    other_sheet = demo.project_sheets.get(number=22)
    before = all_counts()
    response = coordinator.post(
        reverse("governance:agenda_item_create", args=[meeting.pk]),
        {
            "title": "Point",
            "description": "",
            "sheet": other_sheet.pk,
            "action": renegotiation.pk,
            "order": "",
        },
    )
    assert response.status_code == 400
    assert "Cette action ne relève pas de la fiche projet choisie." in response.content.decode()
    assert all_counts() == before


def test_decision_names_the_actions_it_changes(vitrolles, coordinator, renegotiation):
    meeting = MeetingFactory(committee=vitrolles["steering"], day=dt.date.today() - dt.timedelta(days=1))
    services.mark_held(meeting=meeting)
    payload = {
        "text": "Reporter l'échéance de la renégociation à fin 2007.",
        "sheets": [renegotiation.sheet_id],
        "actions": [renegotiation.pk],
        "amendment_summary": "",
        "order": "",
    }
    assert (
        coordinator.post(reverse("governance:decision_create", args=[meeting.pk]), payload).status_code == 302
    )
    decision = Decision.objects.get(meeting=meeting)
    assert list(decision.actions.all()) == [renegotiation]
    assert renegotiation.title in coordinator.get(meeting.get_absolute_url()).content.decode()


def test_hidden_action_titles_stay_hidden_in_public_minutes(vitrolles, coordinator, demo, client_as):
    """A public meeting's published minutes name only finished actions of published sheets."""
    from governance.models import Meeting

    meeting = Meeting.objects.get(committee=vitrolles["public_meeting"])
    hidden = Action.objects.get(title__startswith="Renégociation du contrat de nettoyage")  # under way
    decision = Decision.objects.create(meeting=meeting, order=9, text="Suivre la renégociation.")
    decision.actions.set([hidden])
    if meeting.status != "held":
        services.mark_held(meeting=meeting)
    services.save_minutes(meeting=meeting, text="Compte rendu public.")
    services.publish_minutes(meeting=meeting, publish=True)
    html = client_as(None).get(meeting.get_absolute_url()).content.decode()
    assert "Suivre la renégociation." in html
    assert hidden.title not in html
    assert hidden.title in coordinator.get(meeting.get_absolute_url()).content.decode()


def test_a_committee_kind_is_fixed_once_it_has_met(vitrolles, coordinator):
    technical = vitrolles["technical"]
    before = all_counts()
    response = coordinator.post(
        reverse("governance:committee_edit", args=[technical.pk]),
        {
            "kind": "public_meeting",
            "name": technical.name,
            "chairs": "",
            "rule": "",
            "venue": "",
        },
    )
    technical.refresh_from_db()
    assert response.status_code == 302  # the kind field is disabled: a forged value is ignored
    assert technical.kind == "technical"
    # The service refuses it too, whoever calls it.
    technical.kind = "public_meeting"
    with pytest.raises(ValidationError, match="ne peut plus changer"):
        services.save_committee(committee=technical)
    assert Committee.objects.get(pk=technical.pk).kind == "technical"
    assert all_counts()["governance.Committee"] == before["governance.Committee"]


def test_a_subject_on_two_lines_is_refused(vitrolles, coordinator):
    day = dt.date.today() + dt.timedelta(days=20)
    before = all_counts()
    response = coordinator.post(
        reverse("governance:meeting_create", args=[vitrolles["technical"].pk]),
        {
            "subject": "Point\r\nBcc: intrus@example.org",
            "starts_at": f"{day}T14:00",
            "ends_at": f"{day}T16:00",
            "place": "Mairie",
        },
    )
    assert response.status_code == 400
    assert "Ce champ tient sur une ligne" in response.content.decode()
    assert all_counts() == before


def test_a_meeting_in_year_one_is_refused(vitrolles, coordinator):
    before = all_counts()
    response = coordinator.post(
        reverse("governance:meeting_create", args=[vitrolles["technical"].pk]),
        {
            "subject": "Point",
            "starts_at": "0001-01-01T00:00",
            "ends_at": "0001-01-01T02:00",
            "place": "Mairie",
        },
    )
    assert response.status_code == 400
    assert "Choisissez une date entre 1990 et 2100." in response.content.decode()
    assert all_counts() == before
