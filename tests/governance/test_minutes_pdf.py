"""The minutes as PDF: rendered by a Celery task (never in the request), stored under MEDIA_ROOT,
served only through a permission-checked view, with every user text escaped. On the small world's
technical committee (`committees` fixture), where the region's `member` sits."""

import datetime as dt
import subprocess

import pytest
from django.conf import settings
from django.urls import reverse

from governance import services
from governance.models import Minutes
from gusp.core.models import ACTIVE_STATES, Job, JobState
from tests.factories import AgendaItemFactory, MeetingFactory

HOSTILE = '<script>alert("cr")</script> & <b>Cie</b>'


@pytest.fixture
def minutes(committees, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(
        committee=committees["technical"],
        day=dt.date(2007, 12, 4),
        place="Salle <i>du conseil</i>",
        held=True,
    )
    AgendaItemFactory(meeting=meeting, title="Point <em>un</em>")
    with django_capture_on_commit_callbacks() as callbacks:
        minutes = services.save_minutes(meeting=meeting, text=f"Première ligne.\n\n{HOSTILE}")
    assert len(callbacks) == 1  # the PDF is queued, not rendered in the request
    assert not minutes.pdf_ready
    return minutes


def pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_the_task_renders_a_real_pdf_with_the_escaped_minutes(minutes):
    assert services.render_minutes_pdf(minutes_id=minutes.pk, revision=minutes.revision) is True
    minutes.refresh_from_db()
    assert minutes.pdf_ready
    path = settings.MEDIA_ROOT / minutes.pdf.name
    assert path.is_file()
    assert path.read_bytes().startswith(b"%PDF")
    text = pdf_text(path)
    assert HOSTILE in text  # shown as text, not interpreted as markup
    assert "Salle <i>du conseil</i>" in text
    assert "Point <em>un</em>" in text
    assert minutes.meeting.committee.name in text


def test_rendering_twice_does_nothing_and_a_stale_revision_is_skipped(minutes):
    assert services.render_minutes_pdf(minutes_id=minutes.pk, revision=minutes.revision) is True
    assert services.render_minutes_pdf(minutes_id=minutes.pk, revision=minutes.revision) is False
    minutes.refresh_from_db()
    first = minutes.pdf.name
    services.save_minutes(meeting=minutes.meeting, text="Texte corrigé.")
    minutes.refresh_from_db()
    assert minutes.revision == 2 and not minutes.pdf_ready
    assert (
        services.render_minutes_pdf(minutes_id=minutes.pk, revision=1) is False
    )  # a late task for the old text
    assert services.render_minutes_pdf(minutes_id=minutes.pk, revision=2) is True
    minutes.refresh_from_db()
    assert "Texte corrigé." in pdf_text(settings.MEDIA_ROOT / minutes.pdf.name)
    assert not (settings.MEDIA_ROOT / first).exists()  # the old revision's file is gone


def test_the_pdf_is_served_to_members_only(minutes, small_world, client_as):
    url = reverse("governance:minutes_pdf", args=[minutes.meeting_id])
    member = client_as(small_world.member)
    not_ready = member.get(url)
    assert not_ready.status_code == 302  # back to the meeting: "en préparation"
    services.render_minutes_pdf(minutes_id=minutes.pk, revision=minutes.revision)
    response = member.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    for outsider in [None, small_world.outsider]:
        assert client_as(outsider).get(url).status_code == 404
    # The file has no public address: MEDIA_URL is not served.
    assert member.get(settings.MEDIA_URL + Minutes.objects.get(pk=minutes.pk).pdf.name).status_code == 404


def test_asking_for_the_pdf_queues_it_once(
    minutes, small_world, client_as, django_capture_on_commit_callbacks
):
    url = reverse("governance:minutes_pdf_request", args=[minutes.meeting_id])
    member = client_as(small_world.member)
    with django_capture_on_commit_callbacks() as callbacks:
        assert member.post(url).status_code == 302
    assert callbacks == []  # saving the minutes queued it already: clicks join that job
    Job.objects.filter(state__in=ACTIVE_STATES).update(state=JobState.FAILED)  # the job failed for good:
    with django_capture_on_commit_callbacks() as callbacks:  # a click queues it again, once
        member.post(url)
        member.post(url)
    assert len(callbacks) == 1
    services.render_minutes_pdf(minutes_id=minutes.pk, revision=minutes.revision)
    with django_capture_on_commit_callbacks() as callbacks:
        member.post(url)
    assert callbacks == []  # the PDF is ready: nothing to queue


def test_saving_the_same_text_is_not_a_new_revision(minutes):
    services.save_minutes(meeting=minutes.meeting, text=minutes.text)
    assert Minutes.objects.get(pk=minutes.pk).revision == 1
