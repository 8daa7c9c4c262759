"""What a meeting leaves: its agenda, attendance, minutes (and their PDF) and decisions."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gusp.core import jobs
from gusp.core.models import Job

from .. import documents
from ..models import Attendance, CommitteeKind, Decision, Meeting, Minutes
from .common import check_not_cancelled

RENDER_PDF = "governance.render_minutes_pdf"


@transaction.atomic
def save_agenda_item(*, item):
    check_not_cancelled(item.meeting)
    if item.sheet_id and item.sheet.charter_id != item.meeting.committee.charter_id:
        raise ValidationError("Cette fiche projet n'appartient pas à la charte de la réunion.")
    if item.action_id and item.action.sheet_id != item.sheet_id:
        raise ValidationError("Cette action ne relève pas de la fiche projet du point.")
    if item.pk is None and not item.order:
        last = item.meeting.agenda_items.aggregate(last=Max("order"))["last"] or 0
        item.order = last + 1
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def delete_agenda_item(*, item) -> None:
    check_not_cancelled(item.meeting)
    item.delete()


@transaction.atomic
def record_attendance(*, meeting: Meeting, statuses: dict) -> None:
    """`statuses` maps each seat to present / excused / absent, or to "" to forget it."""
    check_not_cancelled(meeting)
    existing = {a.member_id: a for a in meeting.attendances.all()}
    for member, status in statuses.items():
        if member.committee_id != meeting.committee_id:
            raise ValidationError("Seuls les membres de l'instance figurent dans la liste de présence.")
        attendance = existing.get(member.pk)
        if not status:
            if attendance:
                attendance.delete()
        elif attendance is None:
            Attendance.objects.create(meeting=meeting, member=member, status=status)
        elif attendance.status != status:
            attendance.status = status
            attendance.save(update_fields=["status"])


def _check_held(meeting: Meeting) -> None:
    if not meeting.is_held:
        raise ValidationError(
            "Déclarez d'abord la réunion tenue : le compte rendu et les décisions viennent après."
        )


def _pdf_key(minutes: Minutes) -> str:
    return f"governance:minutes-pdf:{minutes.pk}:r{minutes.revision}"


def _queue_pdf(minutes: Minutes, *, requested_by=None) -> Job:
    """Record, in the current transaction, the rendering of this revision's PDF; asking again while it
    is queued or running joins the same job."""
    meeting = minutes.meeting
    return jobs.enqueue(
        RENDER_PDF,
        label=f"PDF du compte rendu — {meeting.title} ({meeting.local_date:%d/%m/%Y})",
        key=_pdf_key(minutes),
        charter_id=meeting.committee.charter_id,
        requested_by=requested_by,
        minutes_id=minutes.pk,
        revision=minutes.revision,
    )


def minutes_pdf_job(minutes: Minutes) -> Job | None:
    """The latest rendering of the current revision's PDF."""
    return Job.objects.filter(key=_pdf_key(minutes)).order_by("-created_at", "-pk").first()


@transaction.atomic
def save_minutes(*, meeting: Meeting, text: str, requested_by=None) -> Minutes:
    """Write the minutes of a held meeting; each change is a new revision whose PDF is rendered in the
    background."""
    _check_held(meeting)
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None:
        minutes = Minutes(meeting=meeting, text=text)
    elif minutes.text == text:
        return minutes
    else:
        minutes.text = text
        minutes.revision += 1
    minutes.full_clean()
    minutes.save()
    _queue_pdf(minutes, requested_by=requested_by)
    return minutes


@transaction.atomic
def publish_minutes(*, meeting: Meeting, publish: bool) -> Minutes:
    if not meeting.is_public:
        raise ValidationError("Seul le compte rendu d'une réunion publique peut être publié.")
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        raise ValidationError("Cette réunion n'a pas encore de compte rendu.")
    minutes.published_at = (minutes.published_at or timezone.now()) if publish else None
    minutes.save(update_fields=["published_at", "updated_at"])
    return minutes


@transaction.atomic
def request_minutes_pdf(*, minutes: Minutes, requested_by=None) -> Job | None:
    """Queue the PDF of the current revision unless it is ready (joining a rendering under way)."""
    if minutes.pdf_ready:
        return None
    return _queue_pdf(minutes, requested_by=requested_by)


def render_minutes_pdf(*, minutes_id: int, revision: int, job: Job | None = None) -> bool:
    """Render and store the PDF of one revision of the minutes. Does nothing when the PDF is already there
    or when the minutes changed since (their newer revision has its own job)."""
    minutes = Minutes.objects.select_related("meeting__committee__charter").filter(pk=minutes_id).first()
    if minutes is None or minutes.revision != revision or minutes.pdf_ready:
        return False
    if job is not None:
        jobs.beat(job, progress=10, message="Mise en page du compte rendu")
    content = documents.minutes_pdf(minutes)
    storage = minutes.pdf.storage
    name = f"{Minutes.pdf.field.upload_to}compte-rendu-{minutes.meeting_id}-r{revision}.pdf"
    if storage.exists(name):
        storage.delete(name)
    stored = storage.save(name, ContentFile(content))
    previous = minutes.pdf.name
    if not Minutes.objects.filter(pk=minutes.pk, revision=revision).update(pdf=stored, pdf_revision=revision):
        storage.delete(stored)
        return False
    if previous and previous != stored:
        storage.delete(previous)
    return True


@transaction.atomic
def save_decision(*, decision: Decision, sheets, actions=()) -> Decision:
    """Record a decision and the sheets and actions it changes. Only the steering committee prescribes
    amendments."""
    meeting = decision.meeting
    _check_held(meeting)
    charter_id = meeting.committee.charter_id
    if any(sheet.charter_id != charter_id for sheet in sheets):
        raise ValidationError("Une fiche projet choisie n'appartient pas à la charte de la réunion.")
    if any(action.sheet.charter_id != charter_id for action in actions):
        raise ValidationError("Une action choisie n'appartient pas à la charte de la réunion.")
    if decision.prescribes_amendment or decision.amendment_id:
        if meeting.committee.kind != CommitteeKind.STEERING:
            raise ValidationError("Seul le comité de pilotage peut prescrire un avenant à la charte.")
        if not decision.prescribes_amendment:
            raise ValidationError("Un avenant n'est lié qu'à une décision qui le prescrit.")
        if not decision.amendment_summary.strip():
            raise ValidationError("Décrivez l'objet de l'avenant prescrit.")
        if decision.amendment_id and decision.amendment.charter_id != charter_id:
            raise ValidationError("Cet avenant n'appartient pas à la charte de la réunion.")
    if decision.pk is None and not decision.order:
        decision.order = (meeting.decisions.aggregate(last=Max("order"))["last"] or 0) + 1
    decision.full_clean()
    decision.save()
    decision.sheets.set(sheets)
    decision.actions.set(actions)
    return decision
