"""Writes of the syntheses: keyword-only, atomic, validating (a broken rule raises a ValidationError with a
French message and writes nothing). The PDF is never made in a request: asking records the synthesis and
its durable job (`gusp.core.jobs`) in one transaction; the handlers of `tasks` call `build` and
`notify_meeting`, Celery beat calls `prepare_steering` every morning."""

import contextlib
import datetime as dt
import hashlib
import logging
import threading

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from governance.choices import CommitteeKind, MeetingStatus
from governance.models import Meeting
from gusp.core import jobs
from gusp.core.models import ACTIVE_STATES, Job

from . import documents
from .choices import MAX_PERIOD_DAYS, YEAR_MAX, YEAR_MIN, Variant
from .models import MeetingNotice, Synthesis
from .scope import Scope

logger = logging.getLogger(__name__)

BUILD = "syntheses.build"
NOTIFY = "syntheses.notify_meeting"
DEFAULT_DAYS_BEFORE_STEERING = 7


def days_before_steering() -> int:
    """How many days before a steering committee meeting its syntheses are made
    (`GUSP_SYNTHESES_DAYS_BEFORE_STEERING`, 7 by default)."""
    return int(getattr(settings, "GUSP_SYNTHESES_DAYS_BEFORE_STEERING", DEFAULT_DAYS_BEFORE_STEERING))


def site_url() -> str:
    """The platform's address, for the links of e-mails (`GUSP_SITE_URL`, e.g. https://gusp.example.org)."""
    return getattr(settings, "GUSP_SITE_URL", "http://127.0.0.1:8000").rstrip("/")


# Asking ----------------------------------------------------------------------------------------------


def default_period(charter) -> tuple[dt.date, dt.date]:
    """The charter's whole period, amendments included."""
    return charter.starts_on, charter.current_end


def check_scope(*, charter, theme, territory, starts_on, ends_on) -> None:
    """The parameters of a synthesis: a theme and a territory of the charter, a plausible period."""
    errors = {}
    if theme is not None and theme.charter_id != charter.pk:
        errors["theme"] = "Ce thème n'appartient pas à la charte."
    if territory is not None and territory.charter_id != charter.pk:
        errors["territory"] = "Ce quartier n'appartient pas à la charte."
    for name, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if not YEAR_MIN <= day.year <= YEAR_MAX:
            errors[name] = f"Choisissez une date entre {YEAR_MIN} et {YEAR_MAX}."
    if "starts_on" not in errors and "ends_on" not in errors:
        if ends_on < starts_on:
            errors["ends_on"] = "La fin de la période doit suivre son début."
        elif (ends_on - starts_on).days > MAX_PERIOD_DAYS:
            errors["ends_on"] = "Une synthèse couvre au plus douze ans."
    if errors:
        raise ValidationError(errors)


def _job_key(synthesis: Synthesis) -> str:
    key = f"syntheses:{synthesis.key}"
    if synthesis.meeting_id:
        key += f":m{synthesis.meeting_id}"
    if synthesis.source_id:
        key += f":s{synthesis.source_id}"
    return key


def _queue(synthesis: Synthesis, *, requested_by=None) -> Job:
    """Record, in the current transaction, the making of the synthesis's PDF."""
    return jobs.enqueue(
        BUILD,
        label=f"PDF : {synthesis.scope().title}"[:300],
        key=_job_key(synthesis),
        charter_id=synthesis.charter_id,
        requested_by=requested_by,
        synthesis_id=synthesis.pk,
    )


@transaction.atomic
def request_synthesis(
    *,
    charter,
    theme=None,
    territory=None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    requested_by=None,
    meeting=None,
) -> Synthesis:
    """Ask for the partners' synthesis of `charter` (for a theme, a territory, both or neither) over a
    period (the charter's by default). It is made in the background; asking again for the same
    parameters while it is being made returns the synthesis under way (joining its job)."""
    first, last = default_period(charter)
    starts_on, ends_on = starts_on or first, ends_on or last
    check_scope(charter=charter, theme=theme, territory=territory, starts_on=starts_on, ends_on=ends_on)
    scope = Scope(charter=charter, theme=theme, territory=territory, starts_on=starts_on, ends_on=ends_on)
    synthesis = Synthesis(
        charter=charter,
        theme=theme,
        territory=territory,
        starts_on=starts_on,
        ends_on=ends_on,
        variant=Variant.MEMBERS,
        key=scope.key(),
        meeting=meeting,
        requested_by=requested_by if requested_by is not None and requested_by.pk else None,
    )
    under_way = _under_way(_job_key(synthesis))
    if under_way is not None:
        return under_way
    synthesis.full_clean()
    synthesis.save()
    return _attach_job(synthesis, requested_by=synthesis.requested_by)


def _under_way(job_key: str) -> Synthesis | None:
    job = Job.objects.filter(key=job_key, state__in=ACTIVE_STATES).first()
    if job is None:
        return None
    return Synthesis.objects.filter(pk=job.kwargs.get("synthesis_id")).first()


def _attach_job(synthesis: Synthesis, *, requested_by=None) -> Synthesis:
    job = _queue(synthesis, requested_by=requested_by)
    if job.kwargs.get("synthesis_id") != synthesis.pk:
        # A concurrent request queued the same parameters first: its synthesis is this one's.
        synthesis.delete()
        return Synthesis.objects.get(pk=job.kwargs["synthesis_id"])
    synthesis.job = job
    synthesis.save(update_fields=["job"])
    return synthesis


@transaction.atomic
def relaunch(*, synthesis: Synthesis) -> Synthesis:
    """Give a synthesis whose making failed a new series of attempts."""
    if synthesis.is_ready:
        raise ValidationError("Cette synthèse est déjà prête.")
    if synthesis.job_id is None or not synthesis.job.is_failed:
        raise ValidationError("Cette synthèse est en cours de préparation.")
    jobs.relaunch(synthesis.job)
    return synthesis


# Publishing ------------------------------------------------------------------------------------------


@transaction.atomic
def publish(*, synthesis: Synthesis, requested_by=None) -> Synthesis:
    """Publish a partners' synthesis: its public version (`Variant.PUBLIC`, which leaves out what the
    public may not read) is made in the background from the same parameters, and offered to everyone once
    ready. Publishing again a synthesis whose public version was withdrawn offers it again."""
    if synthesis.is_public:
        raise ValidationError("C'est déjà une version publique.")
    if not synthesis.is_ready:
        raise ValidationError("Attendez que la synthèse soit prête pour la publier.")
    if not synthesis.charter.is_published:
        raise ValidationError("La charte n'est pas publiée : ses synthèses ne peuvent pas l'être.")
    public = Synthesis.objects.select_for_update().filter(source=synthesis).first()
    if public is not None:
        if public.published_at is None:
            public.published_at = timezone.now()
            public.save(update_fields=["published_at"])
        return public
    public = Synthesis.objects.create(
        charter=synthesis.charter,
        theme=synthesis.theme,
        territory=synthesis.territory,
        starts_on=synthesis.starts_on,
        ends_on=synthesis.ends_on,
        variant=Variant.PUBLIC,
        key=Scope(
            charter=synthesis.charter,
            theme=synthesis.theme,
            territory=synthesis.territory,
            starts_on=synthesis.starts_on,
            ends_on=synthesis.ends_on,
            public=True,
        ).key(),
        source=synthesis,
        requested_by=requested_by if requested_by is not None and requested_by.pk else None,
        published_at=timezone.now(),
    )
    return _attach_job(public, requested_by=public.requested_by)


@transaction.atomic
def unpublish(*, synthesis: Synthesis) -> Synthesis:
    """Withdraw a public version: the public no longer finds nor downloads it."""
    if not synthesis.is_public:
        raise ValidationError("Seule une version publique se retire.")
    synthesis.published_at = None
    synthesis.save(update_fields=["published_at"])
    return synthesis


# Making the PDF (the job) -----------------------------------------------------------------------------


@contextlib.contextmanager
def _heartbeat(job: Job | None):
    """Keep telling the sweeper the job is alive while WeasyPrint works (a long document may take longer
    than the lease): a thread beats every third of the lease. A killed worker kills it too, so its job is
    still put back in the queue after the lease."""
    if job is None:
        yield
        return
    stop = threading.Event()
    every = max(1.0, settings.GUSP_JOB_LEASE_SECONDS / 3)

    def beat_until_stopped():
        try:
            while not stop.wait(every):
                jobs.beat(job)
        finally:
            connection.close()

    thread = threading.Thread(target=beat_until_stopped, name=f"heartbeat-{job.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def build(*, synthesis_id: int, job: Job | None = None) -> dict | bool:
    """Make and attach the PDF of a synthesis. Safe to run again (a redelivered or swept job): a ready
    synthesis is left alone; otherwise the file is written under the name derived from the synthesis's id
    (`Synthesis.storage_name`), replacing what a killed run may have left, then attached with its checksum
    in one final transaction. So a worker killed at any point neither loses the synthesis nor leaves a
    second file."""
    synthesis = (
        Synthesis.objects.select_related("charter", "theme", "territory").filter(pk=synthesis_id).first()
    )
    if synthesis is None or synthesis.is_ready:
        return False
    today = timezone.localdate()

    def progress(percent: int, message: str) -> None:
        if job is not None:
            jobs.beat(job, progress=percent, message=message)

    with _heartbeat(job):
        built = documents.build_pdf(synthesis.scope(today), progress=progress)
    content = built.pdf.content
    checksum = hashlib.sha256(content).hexdigest()
    storage = Synthesis.file.field.storage
    name = synthesis.storage_name
    if storage.exists(name):
        storage.delete(name)
    stored = storage.save(name, ContentFile(content))
    if stored != name:  # another run wrote the same file meanwhile: keep one
        storage.delete(stored)
        stored = name
    with transaction.atomic():
        if synthesis.meeting_id:
            # One attachment at a time per meeting: the last one sees all the others ready.
            Meeting.objects.select_for_update().filter(pk=synthesis.meeting_id).first()
        Synthesis.objects.filter(pk=synthesis.pk).update(
            file=stored,
            checksum=checksum,
            size=len(content),
            pages=built.pdf.pages,
            state_on=today,
            finished_at=timezone.now(),
        )
        if synthesis.meeting_id and not _unfinished(synthesis.meeting_id):
            _queue_notice(synthesis.meeting_id, synthesis.charter_id)
    return {"pages": built.pdf.pages, "checksum": checksum, "size": len(content)}


def _unfinished(meeting_id: int) -> bool:
    return Synthesis.objects.filter(meeting_id=meeting_id).filter(Q(file="") | Q(checksum="")).exists()


# Before each steering committee meeting ------------------------------------------------------------------


def _local_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def meeting_period(meeting: Meeting) -> tuple[dt.date, dt.date]:
    """The period of a meeting's syntheses: since the charter's previous steering committee meeting (or
    the charter's start), up to the meeting's day."""
    charter = meeting.committee.charter
    previous = (
        Meeting.objects.filter(committee=meeting.committee, starts_at__lt=meeting.starts_at)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    starts_on = max(timezone.localdate(previous), charter.starts_on) if previous else charter.starts_on
    ends_on = meeting.local_date
    return min(starts_on, ends_on), ends_on


@transaction.atomic
def prepare_meeting(*, meeting: Meeting) -> list[Synthesis]:
    """Queue the syntheses of every theme and every territory of the meeting's charter, for the meeting
    (those already made or under way for it are not asked again). Returns those queued now."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    charter = meeting.committee.charter
    starts_on, ends_on = meeting_period(meeting)
    done = set(Synthesis.objects.filter(meeting=meeting).values_list("key", flat=True))
    subjects = [(theme, None) for theme in charter.themes.all()] + [
        (None, territory) for territory in charter.territories.all()
    ]
    queued = []
    for theme, territory in subjects:
        scope = Scope(charter=charter, theme=theme, territory=territory, starts_on=starts_on, ends_on=ends_on)
        if scope.key() in done:
            continue
        try:
            with transaction.atomic():
                queued.append(
                    request_synthesis(
                        charter=charter,
                        theme=theme,
                        territory=territory,
                        starts_on=starts_on,
                        ends_on=ends_on,
                        meeting=meeting,
                    )
                )
        except IntegrityError:  # made by a concurrent run of the daily task
            continue
    return queued


def prepare_steering(today: dt.date | None = None) -> int:
    """The daily task: for each steering committee meeting (not cancelled) in the next
    `days_before_steering()` days, queue its syntheses if not done yet. Returns how many were queued."""
    today = today or timezone.localdate()
    meetings = (
        Meeting.objects.filter(
            committee__kind=CommitteeKind.STEERING,
            starts_at__gte=_local_start(today),
            starts_at__lt=_local_start(today + dt.timedelta(days=days_before_steering() + 1)),
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("committee__charter")
    )
    return sum(len(prepare_meeting(meeting=meeting)) for meeting in meetings)


def _queue_notice(meeting_id: int, charter_id: int) -> Job:
    return jobs.enqueue(
        NOTIFY,
        label="Courriels : synthèses prêtes pour le comité de pilotage",
        key=f"syntheses:notify:{meeting_id}",
        charter_id=charter_id,
        meeting_id=meeting_id,
    )


def meeting_syntheses_url(meeting: Meeting) -> str:
    """The absolute address of the list of a meeting's syntheses (for e-mails)."""
    path = reverse("syntheses:history", args=[meeting.committee.charter.slug])
    return f"{site_url()}{path}?reunion={meeting.pk}"


def notify_meeting(*, meeting_id: int, job: Job | None = None) -> int:
    """Tell the current members of the steering committee that the meeting's syntheses are ready, with a
    link. Safe to run twice: a `MeetingNotice` per address is written in the same transaction as the
    sending. Returns how many e-mails were sent."""
    meeting = Meeting.objects.select_related("committee__charter").filter(pk=meeting_id).first()
    if meeting is None or meeting.is_cancelled:
        return 0
    syntheses = list(
        Synthesis.objects.filter(meeting=meeting).select_related("theme", "territory", "charter")
    )
    context = {
        "meeting": meeting,
        "syntheses": syntheses,
        "url": meeting_syntheses_url(meeting),
        "site_url": site_url(),
    }
    subject = " ".join(render_to_string("syntheses/email/meeting_subject.txt", context).split())
    body = render_to_string("syntheses/email/meeting.txt", context)
    members = list(meeting.committee.members.current().select_related("user", "organisation"))
    addresses = sorted({m.contact_email.strip().lower() for m in members if m.contact_email})
    sent = 0
    for index, email in enumerate(addresses, start=1):
        with transaction.atomic():
            _, created = MeetingNotice.objects.get_or_create(meeting=meeting, email=email)
            if created:
                EmailMessage(subject=subject, body=body, to=[email]).send()
                sent += 1
        if job is not None:
            jobs.beat(
                job,
                progress=100 * index // len(addresses),
                message=f"{index} courriel(s) sur {len(addresses)}",
            )
    return sent
