"""Who reads and edits meetings, by HTTP. Non-members do not read non-public minutes; only the
coordinator, or a working group's rapporteur, edits meetings; a forged request by another partner is a
404 and leaves the database as it was."""

import datetime as dt

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from charter.models import Organisation, User
from governance.models import AgendaItem, Meeting, Minutes
from tests.factories import OrganisationFactory, UserFactory
from tests.governance.conftest import all_counts, plan

FUTURE = dt.date.today() + dt.timedelta(days=30)


@pytest.fixture
def world(vitrolles):
    """The steering committee's meeting with minutes (demo), a coming technical committee meeting, a
    coming meeting of working group A (rapporteur: `comite`) and of working group B (no rapporteur), and
    an outsider whose organisation takes no part in the charter."""
    UserFactory(username="outsider", referent=True, organisation=OrganisationFactory(kind="landlord"))
    technical = plan(vitrolles["technical"], FUTURE)
    AgendaItem.objects.create(meeting=technical, order=1, title="Point confidentiel")
    return {
        "steering": Meeting.objects.get(committee=vitrolles["steering"], minutes__isnull=False),
        "technical": technical,
        "wg_a": plan(vitrolles["wg_a"], FUTURE),
        "wg_b": plan(vitrolles["wg_b"], FUTURE),
        "public": Meeting.objects.get(committee=vitrolles["public_meeting"]),
    }


def snapshot(meeting) -> tuple:
    fresh = Meeting.objects.get(pk=meeting.pk)
    return model_to_dict(fresh), fresh.history.count(), all_counts()


def edit_requests(meeting) -> list[tuple[str, dict]]:
    day = FUTURE + dt.timedelta(days=3)
    return [
        (
            reverse("governance:meeting_edit", args=[meeting.pk]),
            {"subject": "Forgé", "starts_at": f"{day}T09:00", "ends_at": f"{day}T10:00", "place": "Ailleurs"},
        ),
        (reverse("governance:meeting_cancel", args=[meeting.pk]), {}),
        (reverse("governance:meeting_invite", args=[meeting.pk]), {}),
        (reverse("governance:agenda_item_create", args=[meeting.pk]), {"title": "Forgé", "order": ""}),
        (reverse("governance:minutes_edit", args=[meeting.pk]), {"text": "Forgé"}),
    ]


# Reading -------------------------------------------------------------------------------------------

READERS = {
    # meeting: who opens its page; None stands for anonymous visitors. OPAC Sud and LOGIREM hold their
    # seats on the steering and technical committees as organisations: their accounts share them.
    "steering": {"coordination", "comite", "opac-sud", "logirem"},
    "technical": {"coordination", "comite", "opac-sud", "logirem"},
    "wg_a": {"coordination", "comite"},
    "wg_b": {"coordination"},
    "public": {None, "coordination", "comite", "opac-sud", "logirem", "outsider"},
}


@pytest.mark.parametrize("username", [None, "coordination", "comite", "opac-sud", "logirem", "outsider"])
@pytest.mark.parametrize("target", list(READERS))
def test_who_opens_a_meeting(world, client_as, username, target):
    response = client_as(username).get(world[target].get_absolute_url())
    assert response.status_code == (200 if username in READERS[target] else 404)


@pytest.mark.parametrize("username", [None, "cdc", "outsider"])
def test_a_non_member_cannot_read_non_public_minutes(world, client_as, username):
    """The CDC takes part in the charter but holds no seat on the steering committee."""
    UserFactory(username="cdc", referent=True, organisation=Organisation.objects.get(slug="cdc"))
    meeting = world["steering"]
    client = client_as(username)
    for url in [
        meeting.get_absolute_url(),
        reverse("governance:minutes_pdf", args=[meeting.pk]),
        reverse("governance:meeting_ics", args=[meeting.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("governance:minutes_pdf_request", args=[meeting.pk]))
    if username is None:  # asking for a PDF needs an account
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == 404


def test_members_read_the_minutes(world, client_as):
    html = client_as("comite").get(world["steering"].get_absolute_url()).content.decode()
    assert "installe la démarche" in html


def test_a_member_who_left_reads_no_more(world, client_as):
    seat = world["technical"].committee.members.get(user__username="comite")
    seat.left_on = dt.date.today()
    seat.save()
    assert client_as("comite").get(world["technical"].get_absolute_url()).status_code == 404


def test_public_minutes_only_once_published(world, client_as):
    meeting = world["public"]
    anonymous = client_as(None)
    assert "cinquantaine d&#x27;habitants" in anonymous.get(meeting.get_absolute_url()).content.decode()
    Minutes.objects.filter(meeting=meeting).update(published_at=None)
    html = anonymous.get(meeting.get_absolute_url()).content.decode()
    assert "cinquantaine" not in html
    assert "pas encore publié" in html
    assert anonymous.get(reverse("governance:minutes_pdf", args=[meeting.pk])).status_code == 404


# Editing -------------------------------------------------------------------------------------------

EDITORS = {
    "steering": {"coordination"},
    "technical": {"coordination"},
    "wg_a": {"coordination", "comite"},  # comite is working group A's rapporteur
    "wg_b": {"coordination"},
    "public": {"coordination"},
}


@pytest.mark.parametrize("username", ["coordination", "comite", "opac-sud", "logirem", "outsider"])
@pytest.mark.parametrize("target", ["technical", "wg_a", "wg_b"])
def test_who_edits_a_meeting(world, client_as, username, target):
    meeting = world[target]
    url, payload = edit_requests(meeting)[0]
    client = client_as(username)
    before = snapshot(meeting)
    form = client.get(url)
    response = client.post(url, payload)
    if username in EDITORS[target]:
        assert form.status_code == 200
        assert response.status_code == 302
        assert Meeting.objects.get(pk=meeting.pk).subject == "Forgé"
    else:
        assert form.status_code == 404
        assert response.status_code == 404
        assert snapshot(meeting) == before


@pytest.mark.parametrize("username", ["comite", "opac-sud", "outsider"])
def test_forged_posts_by_another_partner_change_nothing(world, client_as, username):
    """Every write on the technical committee's meeting, forged by someone who may not edit it."""
    meeting = world["technical"]
    client = client_as(username)
    before = snapshot(meeting)
    for url, payload in edit_requests(meeting):
        assert client.post(url, payload).status_code == 404, url
    item = meeting.agenda_items.get()
    assert client.post(reverse("governance:agenda_item_delete", args=[item.pk])).status_code == 404
    assert (
        client.post(reverse("governance:agenda_item_edit", args=[item.pk]), {"title": "x"}).status_code == 404
    )
    assert snapshot(meeting) == before


def test_forged_posts_on_the_steering_minutes_change_nothing(world, client_as):
    meeting = world["steering"]
    meeting.refresh_from_db()
    decision = meeting.decisions.get()
    client = client_as("comite")  # a member: reads, does not edit
    before = snapshot(meeting)
    assert (
        client.post(reverse("governance:minutes_edit", args=[meeting.pk]), {"text": "x"}).status_code == 404
    )
    assert (
        client.post(reverse("governance:decision_edit", args=[decision.pk]), {"text": "x"}).status_code == 404
    )
    assert (
        client.post(reverse("governance:decision_create", args=[meeting.pk]), {"text": "x"}).status_code
        == 404
    )
    assert client.post(reverse("governance:attendance", args=[meeting.pk]), {}).status_code == 404
    assert client.post(reverse("governance:meeting_held", args=[meeting.pk])).status_code == 404
    assert snapshot(meeting) == before


def test_only_the_coordinator_edits_committees_and_members(world, client_as, vitrolles):
    technical = vitrolles["technical"]
    seat = technical.members.first()
    for username in ["comite", "opac-sud", "outsider"]:
        client = client_as(username)
        before = all_counts()
        assert (
            client.post(reverse("governance:committee_edit", args=[technical.pk]), {"name": "x"}).status_code
            == 404
        )
        assert client.post(reverse("governance:member_create", args=[technical.pk]), {}).status_code == 404
        assert (
            client.post(reverse("governance:member_edit", args=[technical.pk, seat.pk]), {}).status_code
            == 404
        )
        assert (
            client.post(reverse("governance:committee_create", args=["vitrolles-2007"]), {}).status_code
            == 404
        )
        assert all_counts() == before


def test_a_rapporteur_plans_the_meetings_of_their_group_only(world, client_as, vitrolles):
    client = client_as("comite")
    payload = {"subject": "", "starts_at": f"{FUTURE}T09:00", "ends_at": f"{FUTURE}T10:00", "place": "Mairie"}
    assert (
        client.post(reverse("governance:meeting_create", args=[vitrolles["wg_a"].pk]), payload).status_code
        == 302
    )
    before = all_counts()
    for other in ["wg_b", "technical", "steering"]:
        url = reverse("governance:meeting_create", args=[vitrolles[other].pk])
        assert client.post(url, payload).status_code == 404
    assert all_counts() == before


def test_a_rapporteur_who_left_edits_no_more(world, client_as):
    seat = world["wg_a"].committee.members.get(user__username="comite")
    seat.left_on = dt.date.today()
    seat.save()
    assert (
        client_as("comite").get(reverse("governance:meeting_edit", args=[world["wg_a"].pk])).status_code
        == 404
    )


def test_a_deactivated_coordinator_edits_nothing(world, client_as):
    client = client_as("coordination")
    User.objects.filter(username="coordination").update(is_active=False)
    assert client.get(reverse("governance:meeting_edit", args=[world["technical"].pk])).status_code in (
        302,
        404,
    )


def test_anonymous_visitors_are_sent_to_the_login_page(world, client_as):
    meeting = world["technical"]
    for url, payload in edit_requests(meeting):
        response = client_as(None).post(url, payload)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_an_organisation_seat_is_shared_by_its_accounts_but_not_for_editing(world, client_as):
    """OPAC Sud's seat has no named person: OPAC Sud's referent reads the technical committee's meetings
    and finds them in their calendar, but does not edit them."""
    meeting = world["technical"]
    assert client_as("opac-sud").get(meeting.get_absolute_url()).status_code == 200
    assert (
        meeting.get_absolute_url()
        in client_as("opac-sud").get(reverse("governance:my_calendar")).content.decode()
    )
    client = client_as("opac-sud")
    before = snapshot(meeting)
    for url, payload in edit_requests(meeting):
        assert client.post(url, payload).status_code == 404, url
    assert snapshot(meeting) == before
