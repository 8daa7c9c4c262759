"""Invitations by e-mail with an iCalendar invitation: sent through a Celery task queued on commit,
once per member and revision even if the task runs twice, never to members who left. Moving or
cancelling a meeting sends the update or the cancellation of the same event. On the small world's
technical committee (`committees` fixture)."""

import datetime as dt

import icalendar
import pytest
import vobject
from django.core.exceptions import ValidationError

from governance import services
from governance.models import Invitation
from tests.factories import AgendaItemFactory, CommitteeMemberFactory, MeetingFactory
from tests.utils import at

FUTURE = dt.date.today() + dt.timedelta(days=40)


@pytest.fixture
def technical(committees):
    """Its seats with an address: the coordinator's and the region's member's accounts; the landlords'
    seats (held by the organisations, no address) get nothing."""
    return committees["technical"]


@pytest.fixture
def meeting(technical, small_world):
    landlord = small_world.landlord_a
    CommitteeMemberFactory(
        committee=technical, organisation=landlord, email="reste@example.org", full_name="Référente qui reste"
    )
    CommitteeMemberFactory(
        committee=technical,
        organisation=landlord,
        email="partie@example.org",
        full_name="Référente partie",
        left_on=dt.date.today() - dt.timedelta(days=1),
    )
    meeting = MeetingFactory(committee=technical, day=FUTURE, place="Hôtel de ville, salle du conseil")
    AgendaItemFactory(meeting=meeting, title="Bilan des diagnostics en marchant")
    return meeting


def run_task(meeting) -> int:
    """The work of the job queued for the meeting's current revision, as the worker does it (no broker
    involved)."""
    meeting.refresh_from_db()
    return services.deliver_invitations(meeting_id=meeting.pk, sequence=meeting.sequence)


def ics_of(message) -> bytes:
    (part,) = message.attachments
    assert part.get_content_type() == "text/calendar"
    return part.get_payload(decode=True)


def parsed(message):
    """The invitation read by two independent parsers."""
    content = ics_of(message)
    calendar = icalendar.Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    return calendar, event, vobject.readOne(content.decode())


EXPECTED = ["comite@example.org", "coordination@example.org", "reste@example.org"]


def test_sending_queues_the_task_on_commit(meeting, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks() as callbacks:
        services.send_invitations(meeting=meeting)
    assert len(callbacks) == 1
    assert mailoutbox == []  # nothing is sent inside the request
    meeting.refresh_from_db()
    assert meeting.invited_at is not None


def test_invitations_are_sent_once_even_if_the_task_runs_twice(meeting, mailoutbox):
    services.send_invitations(meeting=meeting)
    assert run_task(meeting) == 3
    assert run_task(meeting) == 0
    assert sorted(m.to[0] for m in mailoutbox) == EXPECTED
    assert Invitation.objects.filter(meeting=meeting).count() == 3
    assert not Invitation.objects.filter(email="partie@example.org").exists()


def test_the_invitation_parses_with_icalendar_and_vobject(meeting, mailoutbox):
    services.send_invitations(meeting=meeting)
    run_task(meeting)
    message = next(m for m in mailoutbox if m.to == ["reste@example.org"])
    assert message.subject.startswith(f"Invitation : {meeting.committee.name}")
    assert "Bilan des diagnostics en marchant" in message.body
    calendar, event, card = parsed(message)
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == meeting.uid
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == at(FUTURE, 14)
    assert str(event["LOCATION"]) == "Hôtel de ville, salle du conseil"
    assert str(event["ATTENDEE"]) == "mailto:reste@example.org"
    assert card.method.value == "REQUEST"
    assert card.vevent.uid.value == meeting.uid
    assert int(card.vevent.sequence.value) == 0
    assert card.vevent.dtstart.value == at(FUTURE, 14)
    assert card.vevent.dtend.value == at(FUTURE, 16)
    assert card.vevent.location.value == "Hôtel de ville, salle du conseil"


def test_moving_sends_an_update_of_the_same_event(meeting, mailoutbox, django_capture_on_commit_callbacks):
    services.send_invitations(meeting=meeting)
    run_task(meeting)
    mailoutbox.clear()
    later = FUTURE + dt.timedelta(days=7)
    with django_capture_on_commit_callbacks() as callbacks:
        services.update_meeting(
            meeting=meeting, starts_at=at(later, 9), ends_at=at(later, 11), place="Le Romarin"
        )
    assert len(callbacks) == 1
    assert run_task(meeting) == 3
    assert run_task(meeting) == 0
    message = next(m for m in mailoutbox if m.to == ["reste@example.org"])
    assert message.subject.startswith("Modification : ")
    calendar, event, card = parsed(message)
    assert str(event["UID"]) == meeting.uid
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == at(later, 9)
    assert card.vevent.uid.value == meeting.uid
    assert int(card.vevent.sequence.value) == 1
    assert card.vevent.location.value == "Le Romarin"


def test_changing_only_the_subject_sends_nothing(meeting, django_capture_on_commit_callbacks):
    services.send_invitations(meeting=meeting)
    with django_capture_on_commit_callbacks() as callbacks:
        services.update_meeting(
            meeting=meeting,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            place=meeting.place,
            subject="Nouvel objet",
        )
    assert callbacks == []
    meeting.refresh_from_db()
    assert meeting.sequence == 0


def test_cancelling_sends_a_cancel_to_the_invited_members_only(meeting, technical, small_world, mailoutbox):
    services.send_invitations(meeting=meeting)
    run_task(meeting)
    mailoutbox.clear()
    CommitteeMemberFactory(
        committee=technical, organisation=small_world.landlord_b, email="nouveau@example.org"
    )
    services.cancel_meeting(meeting=meeting)
    assert run_task(meeting) == 3
    assert sorted(m.to[0] for m in mailoutbox) == EXPECTED
    message = mailoutbox[0]
    assert message.subject.startswith("Annulation : ")
    calendar, event, card = parsed(message)
    assert calendar["METHOD"] == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == meeting.uid
    assert event["SEQUENCE"] == 1
    assert card.method.value == "CANCEL"
    assert card.vevent.status.value == "CANCELLED"
    assert int(card.vevent.sequence.value) == 1


def test_a_member_who_left_after_the_invitation_gets_no_update(meeting, mailoutbox):
    services.send_invitations(meeting=meeting)
    run_task(meeting)
    mailoutbox.clear()
    seat = meeting.committee.members.get(email="reste@example.org")
    seat.left_on = dt.date.today()
    seat.save()
    services.update_meeting(
        meeting=meeting, starts_at=meeting.starts_at, ends_at=meeting.ends_at, place="Ailleurs"
    )
    run_task(meeting)
    assert sorted(m.to[0] for m in mailoutbox) == ["comite@example.org", "coordination@example.org"]


def test_a_stale_task_sends_nothing(meeting, mailoutbox):
    services.send_invitations(meeting=meeting)
    services.update_meeting(
        meeting=meeting, starts_at=meeting.starts_at, ends_at=meeting.ends_at, place="Ailleurs"
    )
    assert services.deliver_invitations(meeting_id=meeting.pk, sequence=0) == 0  # revision 0's job, run late
    assert mailoutbox == []


def test_a_past_or_cancelled_meeting_is_not_sent(technical, mailoutbox):
    past = MeetingFactory(committee=technical, day=dt.date.today() - dt.timedelta(days=3))
    with pytest.raises(ValidationError, match="passée"):
        services.send_invitations(meeting=past)
    cancelled = MeetingFactory(committee=technical, day=FUTURE, cancelled=True)
    with pytest.raises(ValidationError, match="annulée"):
        services.send_invitations(meeting=cancelled)
