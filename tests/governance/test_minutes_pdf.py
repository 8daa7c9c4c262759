"""The minutes as PDF: rendered by a Celery task (never in the request), stored under MEDIA_ROOT,
served only through a permission-checked view, with every user text escaped."""

import datetime as dt
import subprocess

import pytest
from django.conf import settings
from django.urls import reverse

from governance import services, tasks
from governance.models import AgendaItem, Minutes
from tests.factories import UserFactory
from tests.governance.conftest import plan

HOSTILE = '<script>alert("cr")</script> & <b>Cie</b>'


@pytest.fixture
def minutes(vitrolles, django_capture_on_commit_callbacks):
    meeting = plan(vitrolles["technical"], dt.date(2007, 12, 4), place="Salle <i>du conseil</i>")
    services.mark_held(meeting=meeting)
    AgendaItem.objects.create(meeting=meeting, order=1, title="Point <em>un</em>")
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
    assert tasks.render_minutes_pdf.run(minutes.pk, minutes.revision) is True
    minutes.refresh_from_db()
    assert minutes.pdf_ready
    path = settings.MEDIA_ROOT / minutes.pdf.name
    assert path.is_file()
    assert path.read_bytes().startswith(b"%PDF")
    text = pdf_text(path)
    assert HOSTILE in text  # shown as text, not interpreted as markup
    assert "Salle <i>du conseil</i>" in text
    assert "Point <em>un</em>" in text
    assert "Comité technique GUSP" in text


def test_rendering_twice_does_nothing_and_a_stale_revision_is_skipped(minutes):
    assert tasks.render_minutes_pdf.run(minutes.pk, minutes.revision) is True
    assert tasks.render_minutes_pdf.run(minutes.pk, minutes.revision) is False
    minutes.refresh_from_db()
    first = minutes.pdf.name
    services.save_minutes(meeting=minutes.meeting, text="Texte corrigé.")
    minutes.refresh_from_db()
    assert minutes.revision == 2 and not minutes.pdf_ready
    assert tasks.render_minutes_pdf.run(minutes.pk, 1) is False  # a late task for the old text
    assert tasks.render_minutes_pdf.run(minutes.pk, 2) is True
    minutes.refresh_from_db()
    assert "Texte corrigé." in pdf_text(settings.MEDIA_ROOT / minutes.pdf.name)
    assert not (settings.MEDIA_ROOT / first).exists()  # the old revision's file is gone


def test_the_pdf_is_served_to_members_only(minutes, client_as):
    url = reverse("governance:minutes_pdf", args=[minutes.meeting_id])
    not_ready = client_as("comite").get(url)
    assert not_ready.status_code == 302  # back to the meeting: "en préparation"
    tasks.render_minutes_pdf.run(minutes.pk, minutes.revision)
    response = client_as("comite").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    UserFactory(username="outsider", referent=True)
    for outsider in [None, "outsider"]:
        assert client_as(outsider).get(url).status_code == 404
    # The file has no public address: MEDIA_URL is not served.
    assert (
        client_as("comite").get(settings.MEDIA_URL + Minutes.objects.get(pk=minutes.pk).pdf.name).status_code
        == 404
    )


def test_asking_for_the_pdf_queues_it_once(minutes, client_as, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    url = reverse("governance:minutes_pdf_request", args=[minutes.meeting_id])
    with django_capture_on_commit_callbacks() as callbacks:
        assert client_as("comite").post(url).status_code == 302
    assert callbacks == []  # saving the minutes queued it already: clicks add nothing
    cache.clear()  # ten minutes later (the queued job may have been lost), a click queues it again, once
    with django_capture_on_commit_callbacks() as callbacks:
        client_as("comite").post(url)
        client_as("comite").post(url)
    assert len(callbacks) == 1
    tasks.render_minutes_pdf.run(minutes.pk, minutes.revision)
    with django_capture_on_commit_callbacks() as callbacks:
        client_as("comite").post(url)
    assert callbacks == []


def test_saving_the_same_text_is_not_a_new_revision(minutes):
    services.save_minutes(meeting=minutes.meeting, text=minutes.text)
    assert Minutes.objects.get(pk=minutes.pk).revision == 1
