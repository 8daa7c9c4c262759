"""Who reads and edits meetings, by HTTP, on a small world built with the factories. Non-members do not
read non-public minutes; only the coordinator, or a working group's rapporteur, edits meetings; a forged
request by another partner is a 404 and leaves the database as it was."""

import datetime as dt

import pytest
from django.urls import reverse

from charter.models import User
from governance.models import Meeting, Minutes
from tests.factories import (
    AgendaItemFactory,
    DecisionFactory,
    MeetingFactory,
    MinutesFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.utils import all_counts, stored_state

FUTURE = dt.date.today() + dt.timedelta(days=30)


@pytest.fixture
def world(small_world, committees):
    """A held meeting of the steering committee with its minutes and a decision; a coming technical
    committee meeting with a confidential point; a coming meeting of working group A (rapporteur: the
    region's `member`) and of working group B (no rapporteur); a held public meeting whose minutes are
    published."""
    steering = MeetingFactory(committee=committees["steering"], held=True)
    MinutesFactory(meeting=steering, text="Le comité installe la démarche de gestion de proximité.")
    DecisionFactory(meeting=steering, text="Adopter le plan d'actions.")
    technical = MeetingFactory(committee=committees["technical"], day=FUTURE)
    AgendaItemFactory(meeting=technical, title="Point confidentiel")
    public = MeetingFactory(committee=committees["public_meeting"], held=True, place="Salle des fêtes")
    MinutesFactory(meeting=public, text="Une cinquantaine d'habitants sont venus.", published=True)
    return {
        "steering": steering,
        "technical": technical,
        "wg_a": MeetingFactory(committee=committees["wg_a"], day=FUTURE),
        "wg_b": MeetingFactory(committee=committees["wg_b"], day=FUTURE),
        "public": public,
    }


@pytest.fixture
def client_of(small_world, client_as):
    """`client_of("referent_a")`: a client logged in as that user of the small world; None: anonymous."""
    return lambda role: client_as(small_world.user(role))


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

PARTNERS = {"coordinator", "member", "referent_a", "referent_b"}
READERS = {
    # meeting: who opens its page; None stands for anonymous visitors. Both landlords hold their seats on
    # the steering and technical committees as organisations: their accounts share them.
    "steering": PARTNERS,
    "technical": PARTNERS,
    "wg_a": {"coordinator", "member"},
    "wg_b": {"coordinator"},
    "public": {None, "outsider"} | PARTNERS,
}


@pytest.mark.parametrize("role", [None, "coordinator", "member", "referent_a", "referent_b", "outsider"])
@pytest.mark.parametrize("target", list(READERS))
def test_who_opens_a_meeting(world, client_of, role, target):
    response = client_of(role).get(world[target].get_absolute_url())
    assert response.status_code == (200 if role in READERS[target] else 404)


@pytest.mark.parametrize("role", [None, "partner_without_seat", "outsider"])
def test_a_non_member_cannot_read_non_public_minutes(world, small_world, client_as, role):
    """A partner of the charter that holds no seat on the steering committee reads no more than an
    outsider."""
    user = {
        None: None,
        "partner_without_seat": UserFactory(
            referent=True, organisation=OrganisationFactory(kind="cdc", partner_of=[small_world.charter])
        ),
        "outsider": small_world.outsider,
    }[role]
    meeting = world["steering"]
    client = client_as(user)
    for url in [
        meeting.get_absolute_url(),
        reverse("governance:minutes_pdf", args=[meeting.pk]),
        reverse("governance:meeting_ics", args=[meeting.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("governance:minutes_pdf_request", args=[meeting.pk]))
    if user is None:  # asking for a PDF needs an account
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == 404


def test_members_read_the_minutes(world, client_of):
    html = client_of("member").get(world["steering"].get_absolute_url()).content.decode()
    assert "installe la démarche" in html


def test_a_member_who_left_reads_no_more(world, small_world, client_of):
    seat = world["technical"].committee.members.get(user=small_world.member)
    seat.left_on = dt.date.today()
    seat.save()
    assert client_of("member").get(world["technical"].get_absolute_url()).status_code == 404


def test_public_minutes_only_once_published(world, client_of):
    meeting = world["public"]
    anonymous = client_of(None)
    assert "cinquantaine d&#x27;habitants" in anonymous.get(meeting.get_absolute_url()).content.decode()
    Minutes.objects.filter(meeting=meeting).update(published_at=None)
    html = anonymous.get(meeting.get_absolute_url()).content.decode()
    assert "cinquantaine" not in html
    assert "pas encore publié" in html
    assert anonymous.get(reverse("governance:minutes_pdf", args=[meeting.pk])).status_code == 404


# Editing -------------------------------------------------------------------------------------------

EDITORS = {
    "steering": {"coordinator"},
    "technical": {"coordinator"},
    "wg_a": {"coordinator", "member"},  # the member is working group A's rapporteur
    "wg_b": {"coordinator"},
    "public": {"coordinator"},
}


@pytest.mark.parametrize("role", ["coordinator", "member", "referent_a", "referent_b", "outsider"])
@pytest.mark.parametrize("target", ["technical", "wg_a", "wg_b"])
def test_who_edits_a_meeting(world, client_of, role, target):
    meeting = world[target]
    url, payload = edit_requests(meeting)[0]
    client = client_of(role)
    before = stored_state(meeting)
    form = client.get(url)
    response = client.post(url, payload)
    if role in EDITORS[target]:
        assert form.status_code == 200
        assert response.status_code == 302
        assert Meeting.objects.get(pk=meeting.pk).subject == "Forgé"
    else:
        assert form.status_code == 404
        assert response.status_code == 404
        assert stored_state(meeting) == before


@pytest.mark.parametrize("role", ["member", "referent_a", "outsider"])
def test_forged_posts_by_another_partner_change_nothing(world, client_of, role):
    """Every write on the technical committee's meeting, forged by someone who may not edit it."""
    meeting = world["technical"]
    client = client_of(role)
    before = stored_state(meeting)
    for url, payload in edit_requests(meeting):
        assert client.post(url, payload).status_code == 404, url
    item = meeting.agenda_items.get()
    assert client.post(reverse("governance:agenda_item_delete", args=[item.pk])).status_code == 404
    assert (
        client.post(reverse("governance:agenda_item_edit", args=[item.pk]), {"title": "x"}).status_code == 404
    )
    assert stored_state(meeting) == before


def test_forged_posts_on_the_steering_minutes_change_nothing(world, client_of):
    meeting = world["steering"]
    decision = meeting.decisions.get()
    client = client_of("member")  # a member: reads, does not edit
    before = stored_state(meeting)
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
    assert stored_state(meeting) == before


def test_only_the_coordinator_edits_committees_and_members(world, small_world, committees, client_of):
    technical = committees["technical"]
    seat = technical.members.first()
    for role in ["member", "referent_a", "outsider"]:
        client = client_of(role)
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
            client.post(
                reverse("governance:committee_create", args=[small_world.charter.slug]), {}
            ).status_code
            == 404
        )
        assert all_counts() == before


def test_a_rapporteur_plans_the_meetings_of_their_group_only(world, committees, client_of):
    client = client_of("member")
    payload = {"subject": "", "starts_at": f"{FUTURE}T09:00", "ends_at": f"{FUTURE}T10:00", "place": "Mairie"}
    assert (
        client.post(reverse("governance:meeting_create", args=[committees["wg_a"].pk]), payload).status_code
        == 302
    )
    before = all_counts()
    for other in ["wg_b", "technical", "steering"]:
        url = reverse("governance:meeting_create", args=[committees[other].pk])
        assert client.post(url, payload).status_code == 404
    assert all_counts() == before


def test_a_rapporteur_who_left_edits_no_more(world, small_world, client_of):
    seat = world["wg_a"].committee.members.get(user=small_world.member)
    seat.left_on = dt.date.today()
    seat.save()
    assert (
        client_of("member").get(reverse("governance:meeting_edit", args=[world["wg_a"].pk])).status_code
        == 404
    )


def test_a_deactivated_coordinator_edits_nothing(world, small_world, client_of):
    client = client_of("coordinator")
    User.objects.filter(pk=small_world.coordinator.pk).update(is_active=False)
    assert client.get(reverse("governance:meeting_edit", args=[world["technical"].pk])).status_code in (
        302,
        404,
    )


def test_anonymous_visitors_are_sent_to_the_login_page(world, client_of):
    meeting = world["technical"]
    for url, payload in edit_requests(meeting):
        response = client_of(None).post(url, payload)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_an_organisation_seat_is_shared_by_its_accounts_but_not_for_editing(world, client_of):
    """Landlord A's seat has no named person: landlord A's referent reads the technical committee's
    meetings and finds them in their calendar, but does not edit them."""
    meeting = world["technical"]
    client = client_of("referent_a")
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert meeting.get_absolute_url() in client.get(reverse("governance:my_calendar")).content.decode()
    before = stored_state(meeting)
    for url, payload in edit_requests(meeting):
        assert client.post(url, payload).status_code == 404, url
    assert stored_state(meeting) == before
