"""Calendars: a private feed per user at a secret, revocable address; a public feed of public meetings.
Both parse with icalendar and vobject; one user's feed never shows another user's private meetings. On the
small world's committees (`committees` fixture)."""

import datetime as dt

import icalendar
import pytest
import vobject
from django.urls import reverse

from charter.models import Charter, User
from governance import services
from governance.models import CalendarFeed, Meeting
from tests.factories import MeetingFactory
from tests.utils import all_counts

FUTURE = dt.date.today() + dt.timedelta(days=30)


def uids(content: bytes) -> set[str]:
    by_icalendar = {str(event["UID"]) for event in icalendar.Calendar.from_ical(content).walk("VEVENT")}
    by_vobject = {event.uid.value for event in getattr(vobject.readOne(content.decode()), "vevent_list", [])}
    assert by_icalendar == by_vobject
    return by_icalendar


@pytest.fixture
def meetings(committees):
    """One meeting of each committee, by the committee's name in `committees`."""
    return {
        name: MeetingFactory(committee=committee, day=FUTURE + dt.timedelta(days=i))
        for i, (name, committee) in enumerate(committees.items())
    }


@pytest.fixture
def feeds(small_world, meetings):
    return {
        role: services.regenerate_feed(user=small_world.user(role))
        for role in ["coordinator", "member", "referent_a"]
    }


def get_feed(client, feed):
    response = client.get(reverse("governance:private_feed", args=[feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content


def test_private_feed_shows_the_meetings_of_ones_committees(small_world, meetings, feeds, client_as):
    member = uids(get_feed(client_as(None), feeds["member"]))
    assert member == {meetings[name].uid for name in ["steering", "technical", "wg_a"]}
    assert member == set(
        Meeting.objects.filter(committee__members__user=small_world.member).values_list("uid", flat=True)
    )
    assert meetings["wg_b"].uid not in member  # the member does not sit in working group B


def test_one_users_token_never_shows_another_users_private_meetings(meetings, feeds, client_as):
    private = meetings["wg_b"]
    anonymous = client_as(None)
    assert private.uid in uids(get_feed(anonymous, feeds["coordinator"]))  # the coordinator sees all
    assert private.uid not in uids(get_feed(anonymous, feeds["member"]))
    # Landlord A's seats (as an organisation): the steering and technical committees.
    assert uids(get_feed(anonymous, feeds["referent_a"])) == {
        meetings["steering"].uid,
        meetings["technical"].uid,
    }
    # Logged in as someone else changes nothing: the token decides.
    assert private.uid not in uids(get_feed(client_as(feeds["coordinator"].user), feeds["member"]))


def test_a_revoked_token_is_a_404(feeds, client_as):
    url = reverse("governance:private_feed", args=[feeds["member"].token])
    client = client_as(feeds["member"].user)
    assert client.post(reverse("governance:feed_revoke")).status_code == 302
    before = all_counts()
    assert client_as(None).get(url).status_code == 404
    assert all_counts() == before


def test_regenerating_replaces_the_address(feeds, client_as):
    member = feeds["member"].user
    client = client_as(member)
    old = reverse("governance:private_feed", args=[feeds["member"].token])
    assert client.post(reverse("governance:feed_regenerate")).status_code == 302
    new = CalendarFeed.objects.active().get(user=member)
    assert client_as(None).get(old).status_code == 404
    assert client_as(None).get(new.get_absolute_url()).status_code == 200
    assert new.token in client.get(reverse("governance:my_calendar")).content.decode()


def test_an_unknown_token_and_a_deactivated_user_are_404s(feeds, client_as):
    assert client_as(None).get(reverse("governance:private_feed", args=["x" * 43])).status_code == 404
    User.objects.filter(pk=feeds["member"].user_id).update(is_active=False)
    url = reverse("governance:private_feed", args=[feeds["member"].token])
    assert client_as(None).get(url).status_code == 404


def test_the_feed_carries_sequence_and_cancellations(meetings, feeds, client_as):
    meeting = meetings["technical"]
    services.cancel_meeting(meeting=meeting)
    content = get_feed(client_as(None), feeds["member"])
    event = next(
        e for e in icalendar.Calendar.from_ical(content).walk("VEVENT") if str(e["UID"]) == meeting.uid
    )
    assert event["SEQUENCE"] == 1
    assert str(event["STATUS"]) == "CANCELLED"


def test_public_feed_holds_public_meetings_only(small_world, meetings, client_as):
    public = meetings["public_meeting"]
    public.place = "Salle des fêtes, Testeville"
    public.save()
    response = client_as(None).get(reverse("governance:public_feed", args=[small_world.charter.slug]))
    assert response.status_code == 200
    assert uids(response.content) == {public.uid}
    card = vobject.readOne(response.content.decode())
    assert card.vevent.location.value == "Salle des fêtes, Testeville"


def test_public_feed_of_an_unpublished_charter_is_a_404(small_world, meetings, client_as):
    url = reverse("governance:public_feed", args=[small_world.charter.slug])
    assert client_as(None).get(url).status_code == 200
    Charter.objects.filter(pk=small_world.charter.pk).update(is_published=False)
    assert client_as(None).get(url).status_code == 404


def test_a_meeting_ics_download(meetings, feeds, client_as):
    meeting = meetings["technical"]
    response = client_as(feeds["member"].user).get(reverse("governance:meeting_ics", args=[meeting.pk]))
    assert response.status_code == 200
    assert uids(response.content) == {meeting.uid}
