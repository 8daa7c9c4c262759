"""Calendars: a private feed per user at a secret, revocable address; a public feed of public meetings.
Both parse with icalendar and vobject; one user's feed never shows another user's private meetings."""

import datetime as dt

import icalendar
import pytest
import vobject
from django.urls import reverse

from charter.models import Charter, User
from governance import services
from governance.models import CalendarFeed, Meeting
from tests.governance.conftest import all_counts, plan

FUTURE = dt.date.today() + dt.timedelta(days=30)


def uids(content: bytes) -> set[str]:
    by_icalendar = {str(event["UID"]) for event in icalendar.Calendar.from_ical(content).walk("VEVENT")}
    by_vobject = {event.uid.value for event in getattr(vobject.readOne(content.decode()), "vevent_list", [])}
    assert by_icalendar == by_vobject
    return by_icalendar


@pytest.fixture
def feeds(vitrolles):
    return {
        username: services.regenerate_feed(user=User.objects.get(username=username))
        for username in ["coordination", "comite", "opac-sud"]
    }


def get_feed(client, feed):
    response = client.get(reverse("governance:private_feed", args=[feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content


def test_private_feed_shows_the_meetings_of_ones_committees(vitrolles, feeds, client_as):
    wg_b = plan(vitrolles["wg_b"], FUTURE)  # comite does not sit in working group B
    comite = uids(get_feed(client_as(None), feeds["comite"]))
    member_of = Meeting.objects.filter(committee__members__user__username="comite").distinct()
    assert comite == set(member_of.values_list("uid", flat=True))
    assert wg_b.uid not in comite


def test_one_users_token_never_shows_another_users_private_meetings(vitrolles, feeds, client_as):
    private = plan(vitrolles["wg_b"], FUTURE)
    anonymous = client_as(None)
    assert private.uid in uids(get_feed(anonymous, feeds["coordination"]))  # the coordinator sees all
    assert private.uid not in uids(get_feed(anonymous, feeds["comite"]))
    opac = uids(get_feed(anonymous, feeds["opac-sud"]))  # OPAC Sud's seats: steering, technical committees
    assert private.uid not in opac
    assert opac == {
        m.uid for m in Meeting.objects.filter(committee__in=[vitrolles["steering"], vitrolles["technical"]])
    }
    # Logged in as someone else changes nothing: the token decides.
    assert private.uid not in uids(get_feed(client_as("coordination"), feeds["comite"]))


def test_a_revoked_token_is_a_404(vitrolles, feeds, client_as):
    url = reverse("governance:private_feed", args=[feeds["comite"].token])
    client = client_as("comite")
    assert client.post(reverse("governance:feed_revoke")).status_code == 302
    before = all_counts()
    assert client_as(None).get(url).status_code == 404
    assert all_counts() == before


def test_regenerating_replaces_the_address(vitrolles, feeds, client_as):
    client = client_as("comite")
    old = reverse("governance:private_feed", args=[feeds["comite"].token])
    assert client.post(reverse("governance:feed_regenerate")).status_code == 302
    new = CalendarFeed.objects.active().get(user__username="comite")
    assert client_as(None).get(old).status_code == 404
    assert client_as(None).get(new.get_absolute_url()).status_code == 200
    assert new.token in client.get(reverse("governance:my_calendar")).content.decode()


def test_an_unknown_token_and_a_deactivated_user_are_404s(vitrolles, feeds, client_as):
    assert client_as(None).get(reverse("governance:private_feed", args=["x" * 43])).status_code == 404
    User.objects.filter(username="comite").update(is_active=False)
    url = reverse("governance:private_feed", args=[feeds["comite"].token])
    assert client_as(None).get(url).status_code == 404


def test_the_feed_carries_sequence_and_cancellations(vitrolles, feeds, client_as):
    meeting = plan(vitrolles["technical"], FUTURE)
    services.cancel_meeting(meeting=meeting)
    content = get_feed(client_as(None), feeds["comite"])
    event = next(
        e for e in icalendar.Calendar.from_ical(content).walk("VEVENT") if str(e["UID"]) == meeting.uid
    )
    assert event["SEQUENCE"] == 1
    assert str(event["STATUS"]) == "CANCELLED"


def test_public_feed_holds_public_meetings_only(vitrolles, client_as):
    public = Meeting.objects.get(committee=vitrolles["public_meeting"])
    response = client_as(None).get(reverse("governance:public_feed", args=["vitrolles-2007"]))
    assert response.status_code == 200
    assert uids(response.content) == {public.uid}
    card = vobject.readOne(response.content.decode())
    assert card.vevent.location.value == "Le Romarin, Vitrolles"


def test_public_feed_of_an_unpublished_charter_is_a_404(vitrolles, client_as):
    Charter.objects.filter(slug="vitrolles-2007").update(is_published=False)
    assert client_as(None).get(reverse("governance:public_feed", args=["vitrolles-2007"])).status_code == 404


def test_a_meeting_ics_download(vitrolles, client_as):
    meeting = plan(vitrolles["technical"], FUTURE)
    response = client_as("comite").get(reverse("governance:meeting_ics", args=[meeting.pk]))
    assert response.status_code == 200
    assert uids(response.content) == {meeting.uid}
