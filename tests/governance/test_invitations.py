"""Invitations by e-mail with an iCalendar invitation: sent through a Celery task queued on commit,
once per member and revision even if the task runs twice, never to members who left. Moving or
cancelling a meeting sends the update or the cancellation of the same event."""

import datetime as dt

import icalendar
import pytest
import vobject

from charter.models import Organisation
from governance import services, tasks
from governance.models import AgendaItem, Invitation
from tests.governance.conftest import add_member, at, plan

FUTURE = dt.date.today() + dt.timedelta(days=40)


@pytest.fixture
def technical(vitrolles):
    return vitrolles["technical"]


@pytest.fixture
def meeting(technical):
    opac = Organisation.objects.get(slug="opac-sud")
    add_member(technical, opac, email="reste@example.org", full_name="Référente qui reste")
    add_member(
        technical,
        opac,
        email="partie@example.org",
        full_name="Référente partie",
        left_on=dt.date.today() - dt.timedelta(days=1),
    )
    meeting = plan(technical, FUTURE, place="Hôtel de ville, salle du conseil")
    AgendaItem.objects.create(meeting=meeting, order=1, title="Bilan des diagnostics en marchant")
    return meeting


def run_task(meeting) -> int:
    """The task function itself, as the worker runs it (no broker involved)."""
    meeting.refresh_from_db()
    return tasks.send_meeting_invitations.run(meeting.pk, meeting.sequence)


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
    assert message.subject.startswith("Invitation : Comité technique GUSP")
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


def test_cancelling_sends_a_cancel_to_the_invited_members_only(meeting, technical, mailoutbox):
    services.send_invitations(meeting=meeting)
    run_task(meeting)
    mailoutbox.clear()
    add_member(technical, Organisation.objects.get(slug="logirem"), email="nouveau@example.org")
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
    assert tasks.send_meeting_invitations.run(meeting.pk, 0) == 0  # the revision 0 task, run late
    assert mailoutbox == []


def test_a_past_or_cancelled_meeting_is_not_sent(technical, mailoutbox):
    past = plan(technical, dt.date.today() - dt.timedelta(days=3))
    with pytest.raises(services.ValidationError, match="passée"):
        services.send_invitations(meeting=past)
    cancelled = plan(technical, FUTURE)
    services.cancel_meeting(meeting=cancelled)
    with pytest.raises(services.ValidationError, match="annulée"):
        services.send_invitations(meeting=cancelled)
