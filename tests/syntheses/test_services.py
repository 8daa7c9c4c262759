"""Asking for a synthesis, making it (the durable job), publishing it, and the syntheses made before each
steering committee meeting: one record and one job per request (asking again joins the job under way), one
file per synthesis whatever kills the worker, a checksum that matches the file, members told once."""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from gusp.core import jobs
from gusp.core.models import Job, JobState
from gusp.syntheses import documents, services
from gusp.syntheses.choices import Variant
from gusp.syntheses.models import MeetingNotice, Synthesis
from tests.factories import CharterFactory, MeetingFactory, TerritoryFactory, ThemeFactory

from .conftest import pdf_text


def run_all() -> None:
    """A worker takes every pending job, and those they queue (twice, as a redelivery would: the handlers
    are idempotent)."""
    for _round in range(5):
        pending = list(Job.objects.filter(state=JobState.PENDING).order_by("pk").values_list("pk", flat=True))
        if not pending:
            return
        for pk in pending:
            jobs.run(pk)
            jobs.run(pk)


def file_bytes(synthesis) -> bytes:
    with synthesis.file.open("rb") as handle:
        return handle.read()


def notices(mailoutbox) -> list:
    """The e-mails announcing a meeting's syntheses (the world's other jobs send others)."""
    return [message for message in mailoutbox if message.subject.startswith("Synthèses prêtes")]


def build_jobs():
    return Job.objects.filter(name=services.BUILD)


def stored_files(synthesis) -> list[str]:
    storage = synthesis.file.storage
    folder = synthesis.storage_name.rsplit("/", 1)[0]
    _dirs, files = storage.listdir(folder)
    return sorted(f for f in files if f.startswith(f"synthese-{synthesis.pk}"))


def test_asking_records_the_synthesis_and_its_job_and_asking_again_joins_it(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        first = services.request_synthesis(
            charter=world.charter, territory=world.territory, requested_by=world.member
        )
    assert len(callbacks) == 1  # handed to Celery once committed, never made in the request
    assert first.job.state == JobState.PENDING and not first.is_ready
    assert first.starts_on == world.charter.starts_on and first.ends_on == world.charter.current_end
    again = services.request_synthesis(
        charter=world.charter, territory=world.territory, requested_by=world.coordinator
    )
    assert again.pk == first.pk and Synthesis.objects.count() == 1 and build_jobs().count() == 1
    other = services.request_synthesis(charter=world.charter, theme=world.theme_a, requested_by=world.member)
    assert other.pk != first.pk
    run_all()
    later = services.request_synthesis(
        charter=world.charter, territory=world.territory, requested_by=world.member
    )
    assert later.pk != first.pk  # the first one is made: asking again makes a new one (the data moved on)


def test_the_job_attaches_one_file_with_its_checksum_and_running_again_does_nothing(world):
    synthesis = services.request_synthesis(
        charter=world.charter, theme=world.theme_b, requested_by=world.member
    )
    assert jobs.run(synthesis.job_id) == JobState.DONE
    synthesis.refresh_from_db()
    content = file_bytes(synthesis)
    assert synthesis.is_ready and synthesis.file.name == synthesis.storage_name
    assert synthesis.checksum == hashlib.sha256(content).hexdigest() and synthesis.size == len(content)
    assert synthesis.pages >= 4 and synthesis.state_on == timezone.localdate()
    assert Job.objects.get(pk=synthesis.job_id).result["checksum"] == synthesis.checksum
    assert services.build(synthesis_id=synthesis.pk) is False  # a redelivered job: nothing done twice
    assert stored_files(synthesis) == [f"synthese-{synthesis.pk}.pdf"]


def test_a_run_killed_before_attaching_leaves_one_file_once_run_again(world, monkeypatch):
    synthesis = services.request_synthesis(
        charter=world.charter, territory=world.territory, requested_by=world.member
    )
    # A first run was killed after writing its file and before attaching it: the file is there, unattached.
    storage = synthesis.file.storage
    storage.save(synthesis.storage_name, ContentFile(b"%PDF-1.7 half written"))
    # A second run dies while laying the document out (the worker's time limit, say): the job is retried.
    real = documents.build_pdf
    calls = []

    def dies_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise MemoryError("le worker a manqué de mémoire")
        return real(*args, **kwargs)

    monkeypatch.setattr(documents, "build_pdf", dies_once)
    assert jobs.run(synthesis.job_id) == JobState.PENDING
    Job.objects.filter(pk=synthesis.job_id).update(available_at=timezone.now())
    assert jobs.run(synthesis.job_id) == JobState.DONE
    synthesis.refresh_from_db()
    assert stored_files(synthesis) == [f"synthese-{synthesis.pk}.pdf"]
    assert synthesis.checksum == hashlib.sha256(file_bytes(synthesis)).hexdigest()
    assert "AMANDIERS_ACTION_1" in pdf_text(file_bytes(synthesis))


def test_a_failed_synthesis_shows_its_reason_and_can_be_relaunched(world, monkeypatch):
    synthesis = services.request_synthesis(charter=world.charter, requested_by=world.member)

    def broken(*args, **kwargs):
        raise OSError("police de caractères introuvable")

    monkeypatch.setattr(documents, "build_pdf", broken)
    for _ in range(3):
        Job.objects.filter(pk=synthesis.job_id).update(available_at=None)
        jobs.run(synthesis.job_id)
    job = Job.objects.get(pk=synthesis.job_id)
    assert job.state == JobState.FAILED and "police de caractères introuvable" in job.error
    monkeypatch.undo()
    services.relaunch(synthesis=Synthesis.objects.get(pk=synthesis.pk))
    run_all()
    assert Synthesis.objects.get(pk=synthesis.pk).is_ready


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"theme": "other"}, "theme"),
        ({"territory": "other"}, "territory"),
        ({"starts_on": dt.date(2009, 1, 1), "ends_on": dt.date(2008, 1, 1)}, "ends_on"),
        ({"starts_on": dt.date(1900, 1, 1)}, "starts_on"),
        ({"starts_on": dt.date(2000, 1, 1), "ends_on": dt.date(2099, 1, 1)}, "ends_on"),
    ],
)
def test_asking_with_parameters_out_of_the_charter_is_refused(world, kwargs, field):
    other = CharterFactory()
    if kwargs.get("theme") == "other":
        kwargs["theme"] = ThemeFactory(charter=other)
    if kwargs.get("territory") == "other":
        kwargs["territory"] = TerritoryFactory(charter=other)
    with pytest.raises(ValidationError) as refused:
        services.request_synthesis(charter=world.charter, requested_by=world.member, **kwargs)
    assert field in refused.value.message_dict
    assert not Synthesis.objects.exists() and not build_jobs().exists()


def test_publishing_makes_a_public_version_that_withdrawing_hides(world):
    synthesis = services.request_synthesis(
        charter=world.charter, territory=world.territory, requested_by=world.member
    )
    with pytest.raises(ValidationError):
        services.publish(synthesis=synthesis, requested_by=world.coordinator)  # not ready yet
    run_all()
    synthesis.refresh_from_db()
    public = services.publish(synthesis=synthesis, requested_by=world.coordinator)
    assert public.variant == Variant.PUBLIC and public.source == synthesis and public.published_at
    assert not Synthesis.objects.published().exists()  # offered once its file is ready
    run_all()
    public.refresh_from_db()
    assert list(Synthesis.objects.published()) == [public]
    text = pdf_text(file_bytes(public))
    assert "Version publique" in text and "AMANDIERS_JOURNAL" not in text
    assert services.publish(synthesis=synthesis, requested_by=world.coordinator).pk == public.pk
    services.unpublish(synthesis=public)
    assert not Synthesis.objects.published().exists()
    assert services.publish(synthesis=synthesis, requested_by=world.coordinator).pk == public.pk
    assert Synthesis.objects.published().count() == 1


# Before each steering committee meeting --------------------------------------------------------------------


@pytest.fixture
def next_steering(world):
    """A steering committee meeting in five days (the previous one was ten days ago)."""
    return MeetingFactory(committee=world.steering, day=timezone.localdate() + dt.timedelta(days=5))


def test_the_syntheses_of_every_theme_and_territory_are_made_before_the_steering_committee(
    world, next_steering, settings, mailoutbox
):
    settings.GUSP_SYNTHESES_DAYS_BEFORE_STEERING = 7
    settings.GUSP_SITE_URL = "https://gusp.example.org"
    MeetingFactory(committee=world.steering, day=timezone.localdate() + dt.timedelta(days=9))  # too far yet
    MeetingFactory(committee=world.steering, day=timezone.localdate() + dt.timedelta(days=3), cancelled=True)

    assert services.prepare_steering() == 4  # themes A and B, quarters Les Amandiers and Le Vieux Moulin
    assert services.prepare_steering() == 0  # the daily task run again asks nothing twice
    made = Synthesis.objects.filter(meeting=next_steering)
    assert made.count() == 4 and not Synthesis.objects.exclude(meeting=next_steering).exists()
    assert {(s.theme_id, s.territory_id) for s in made} == {
        (world.theme_a.pk, None),
        (world.theme_b.pk, None),
        (None, world.territory.pk),
        (None, world.other_territory.pk),
    }
    # Since the previous steering committee meeting, up to this one.
    assert {(s.starts_on, s.ends_on) for s in made} == {(world.meeting.local_date, next_steering.local_date)}

    run_all()  # the four syntheses, then the e-mails queued by the last one
    assert all(s.is_ready for s in made.all())
    told = notices(mailoutbox)
    assert len(told) == 1 and told[0].to == [world.member.email]
    body = told[0].body
    assert (
        f"https://gusp.example.org/chartes/{world.charter.slug}/syntheses/?reunion={next_steering.pk}" in body
    )
    assert "Quartier Le Vieux Moulin" in body and "Thème A – Cadre de vie" in body
    run_all()
    services.notify_meeting(meeting_id=next_steering.pk)
    assert len(notices(mailoutbox)) == 1 and MeetingNotice.objects.count() == 1  # told once


def test_the_members_are_told_only_once_every_synthesis_is_ready(world, next_steering, mailoutbox):
    services.prepare_meeting(meeting=next_steering)
    made = list(Synthesis.objects.filter(meeting=next_steering).order_by("pk"))
    for synthesis in made[:-1]:
        jobs.run(synthesis.job_id)
    assert not Job.objects.filter(name=services.NOTIFY).exists()
    jobs.run(made[-1].job_id)
    assert Job.objects.filter(name=services.NOTIFY).count() == 1
    run_all()
    assert len(notices(mailoutbox)) == 1


def test_the_meeting_period_starts_with_the_charter_without_a_previous_meeting(world):
    first = MeetingFactory(committee=world.steering, day=world.meeting.local_date - dt.timedelta(days=200))
    assert services.meeting_period(first) == (world.charter.starts_on, first.local_date)
    later = MeetingFactory(committee=world.steering, day=timezone.localdate() + dt.timedelta(days=1))
    assert services.meeting_period(later) == (world.meeting.local_date, later.local_date)
