"""The broker (Redis) down while people work: every change that causes e-mails or a PDF is saved and the
page says so (no error page), the jobs wait in the database, and once the broker is back every pending
e-mail and PDF is delivered exactly once."""

import datetime as dt

import pytest
from django.urls import reverse

from governance.models import Invitation, Meeting, Minutes
from gusp.core import jobs
from gusp.core.models import Job, JobState
from tests.core.outage import broker_down
from tests.factories import CommitteeMemberFactory, MeetingFactory
from tests.utils import client_as, meeting_payload

FUTURE = dt.date.today() + dt.timedelta(days=30)


@pytest.fixture
def coordinator_client(small_world):
    return client_as(small_world.coordinator)


@pytest.fixture
def technical(committees):
    committee = committees["technical"]
    for n in range(3):
        CommitteeMemberFactory(
            committee=committee,
            organisation=committee.charter.partnerships.first().organisation,
            full_name=f"Membre {n}",
            email=f"membre{n}@example.org",
        )
    return committee


def deliver_everything_twice() -> None:
    """The broker is back: the sweeper hands the jobs over; a worker runs each (twice, as a redelivery
    would): the handlers are idempotent."""
    for job in Job.objects.filter(state=JobState.PENDING):
        jobs.run(job.pk)
        jobs.run(job.pk)


def test_invitations_move_and_cancellation_survive_an_outage(
    technical, coordinator_client, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(committee=technical, day=FUTURE)
    members_with_address = sum(1 for m in technical.members.current() if m.contact_email)
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("governance:meeting_invite", args=[meeting.pk]), follow=True
        )
        assert response.status_code == 200
        assert "enregistré" in response.content.decode()
        moved = coordinator_client.post(
            reverse("governance:meeting_edit", args=[meeting.pk]),
            meeting_payload(
                FUTURE, place="Salle du Romarin", edit_version=Meeting.objects.get(pk=meeting.pk).version
            ),
        )
        assert moved.status_code == 302
    meeting.refresh_from_db()
    assert meeting.invited_at is not None and meeting.place == "Salle du Romarin" and meeting.sequence == 1
    assert mailoutbox == []  # nothing could be handed to a worker…
    assert Job.objects.filter(state=JobState.PENDING).count() == 2  # …but nothing is lost

    deliver_everything_twice()
    # Revision 0 was superseded by the move before any worker ran: only the current revision is sent.
    assert len(mailoutbox) == members_with_address
    assert set(Invitation.objects.filter(meeting=meeting).values_list("sequence", flat=True)) == {1}
    assert not Job.objects.exclude(state=JobState.DONE).exists()

    mailoutbox.clear()
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("governance:meeting_cancel", args=[meeting.pk]), follow=True
        )
        assert response.status_code == 200 and "annulée" in response.content.decode()
    deliver_everything_twice()
    assert len(mailoutbox) == members_with_address
    assert all("METHOD:CANCEL" in m.attachments[0].get_payload(decode=True).decode() for m in mailoutbox)
    # A cancellation can always be sent again (e.g. after a failed job): the members already told get
    # nothing twice.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(reverse("governance:meeting_invite", args=[meeting.pk]))
    deliver_everything_twice()
    assert mailoutbox == []


def test_minutes_and_their_pdf_survive_an_outage(
    technical, coordinator_client, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(committee=technical, held=True)
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("governance:minutes_edit", args=[meeting.pk]),
            {"text": "Compte rendu tapé pendant la panne"},
        )
        assert response.status_code == 302
        asked = coordinator_client.post(reverse("governance:minutes_pdf_request", args=[meeting.pk]))
        assert asked.status_code == 302
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.text == "Compte rendu tapé pendant la panne" and not minutes.pdf_ready
    assert Job.objects.filter(state=JobState.PENDING).count() == 1  # asking again joined the same job
    page = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    assert "En attente" in page  # the page shows the job's state
    deliver_everything_twice()
    minutes.refresh_from_db()
    assert minutes.pdf_ready
    assert "Télécharger le PDF" in coordinator_client.get(meeting.get_absolute_url()).content.decode()
