"""Writes of committees and meetings: keyword-only, atomic, validating (a broken rule raises a
ValidationError with a French message and writes nothing). Jobs (e-mails, PDFs) are queued with
`transaction.on_commit`, so that a rolled-back change never sends anything."""

import datetime as dt
from email.mime.text import MIMEText

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from charter.models import Charter, Partnership

from . import documents, ical, tasks
from .models import (
    Attendance,
    CalendarFeed,
    Committee,
    CommitteeKind,
    CommitteeMember,
    Decision,
    Invitation,
    InvitationMethod,
    Meeting,
    MeetingStatus,
    MemberRole,
    Minutes,
    RhythmReminder,
)
from .rhythm import committee_rhythm

# Committees --------------------------------------------------------------------------------------


@transaction.atomic
def save_committee(*, committee: Committee) -> Committee:
    """Create or update a committee. Its kind is fixed once it has met: turning a technical committee
    into public meetings would publish its meetings."""
    if committee.pk:
        stored_kind = Committee.objects.values_list("kind", flat=True).get(pk=committee.pk)
        if stored_kind != committee.kind and committee.meetings.exists():
            raise ValidationError("La nature d'une instance qui a déjà des réunions ne peut plus changer.")
    committee.full_clean()
    committee.save()
    return committee


def _sits_in_technical_committee(member: CommitteeMember) -> bool:
    """The same person (same account, or same organisation and name) holds a current seat in the
    technical committee of the charter."""
    seats = CommitteeMember.objects.current().filter(
        committee__charter=member.committee.charter_id, committee__kind=CommitteeKind.TECHNICAL
    )
    if member.user_id:
        return seats.filter(user=member.user_id).exists()
    return seats.filter(organisation=member.organisation_id, full_name=member.full_name).exists()


@transaction.atomic
def save_member(*, member: CommitteeMember) -> CommitteeMember:
    """Create or update a seat. The person belongs to a partner of the charter; an account given is of
    that organisation and holds one current seat per committee; a working group's rapporteur is a current
    member of the technical committee, and the group has one rapporteur at a time."""
    member.full_clean()
    committee = member.committee
    if not Partnership.objects.filter(
        charter=committee.charter_id, organisation=member.organisation_id
    ).exists():
        raise ValidationError("Cette organisation n'est pas partenaire de la charte.")
    if member.user_id and member.user.organisation_id != member.organisation_id:
        raise ValidationError("Le compte choisi appartient à une autre organisation que celle du membre.")
    if not member.has_left():
        others = committee.members.current().exclude(pk=member.pk)
        if member.user_id and others.filter(user=member.user_id).exists():
            raise ValidationError("Cette personne siège déjà dans cette instance.")
        if committee.is_working_group and member.role == MemberRole.RAPPORTEUR:
            if others.filter(role=MemberRole.RAPPORTEUR).exists():
                raise ValidationError("Ce groupe de travail a déjà un rapporteur : retirez-le d'abord.")
            if not _sits_in_technical_committee(member):
                raise ValidationError(
                    "Le rapporteur d'un groupe de travail doit être membre du comité technique "
                    "(section VI de la charte)."
                )
    member.save()
    return member


# Meetings ----------------------------------------------------------------------------------------


def _check_times(starts_at, ends_at) -> None:
    if ends_at <= starts_at:
        raise ValidationError("La fin de la réunion doit être postérieure à son début.")


def _lock(meeting: Meeting) -> None:
    """Lock the meeting's row for the transaction and reload it into the caller's instance."""
    meeting.refresh_from_db(from_queryset=Meeting.objects.select_for_update())


def _check_not_cancelled(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError("Cette réunion est annulée : elle ne peut plus être modifiée.")


@transaction.atomic
def create_meeting(*, committee: Committee, starts_at, ends_at, place: str, subject: str = "") -> Meeting:
    _check_times(starts_at, ends_at)
    meeting = Meeting(committee=committee, starts_at=starts_at, ends_at=ends_at, place=place, subject=subject)
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def update_meeting(*, meeting: Meeting, starts_at, ends_at, place: str, subject: str = "") -> Meeting:
    """Change a planned meeting. Moving it (time or place) raises its calendar sequence and, once the
    members were invited, sends them the update of the same event."""
    _lock(meeting)
    _check_not_cancelled(meeting)
    _check_times(starts_at, ends_at)
    moved = (meeting.starts_at, meeting.ends_at, meeting.place) != (starts_at, ends_at, place)
    if moved and meeting.is_held:
        raise ValidationError("Cette réunion s'est tenue : elle ne peut plus être déplacée.")
    meeting.starts_at, meeting.ends_at, meeting.place, meeting.subject = starts_at, ends_at, place, subject
    if moved:
        meeting.sequence += 1
    meeting.full_clean()
    meeting.save()
    if moved and meeting.invited_at:
        _queue_invitations(meeting)
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting) -> Meeting:
    """Cancel a planned meeting; the invited members receive the cancellation of the same event."""
    _lock(meeting)
    _check_not_cancelled(meeting)
    if meeting.is_held:
        raise ValidationError("Cette réunion s'est tenue : elle ne peut pas être annulée.")
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.save()
    if meeting.invited_at:
        _queue_invitations(meeting)
    return meeting


@transaction.atomic
def mark_held(*, meeting: Meeting) -> Meeting:
    _lock(meeting)
    _check_not_cancelled(meeting)
    if meeting.starts_at > timezone.now():
        raise ValidationError("Une réunion ne peut être déclarée tenue avant d'avoir commencé.")
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["status", "updated_at"])
    return meeting


@transaction.atomic
def plan_year(
    *,
    committee: Committee,
    dates: list[dt.date],
    start_time: dt.time,
    end_time: dt.time,
    place: str,
    subject="",
) -> list[Meeting]:
    """Create one planned meeting on each of `dates` (from `planning.year_plan`), at the same hours."""
    if not dates:
        raise ValidationError("Cette règle ne donne aucune date : aucune réunion n'a été planifiée.")
    zone = timezone.get_current_timezone()
    return [
        create_meeting(
            committee=committee,
            starts_at=dt.datetime.combine(day, start_time, tzinfo=zone),
            ends_at=dt.datetime.combine(day, end_time, tzinfo=zone),
            place=place,
            subject=subject,
        )
        for day in dates
    ]


# Invitations -------------------------------------------------------------------------------------


def _queue_invitations(meeting: Meeting) -> None:
    pk, sequence = meeting.pk, meeting.sequence
    transaction.on_commit(lambda: tasks.send_meeting_invitations.delay(pk, sequence))


@transaction.atomic
def send_invitations(*, meeting: Meeting) -> Meeting:
    """Invite the committee's current members to a coming meeting (in the background). Sending again
    reaches only the members not yet invited to this revision of the meeting."""
    _lock(meeting)
    _check_not_cancelled(meeting)
    if meeting.ends_at < timezone.now():
        raise ValidationError("Cette réunion est passée : il n'y a plus d'invitation à envoyer.")
    if meeting.invited_at is None:
        meeting.invited_at = timezone.now()
        meeting.save(update_fields=["invited_at", "updated_at"])
    _queue_invitations(meeting)
    return meeting


def invitation_message(meeting: Meeting, member: CommitteeMember, email: str, method: str) -> EmailMessage:
    context = {"meeting": meeting, "member": member, "method": method, "is_update": meeting.sequence > 0}
    subject = " ".join(render_to_string("governance/email/invitation_subject.txt", context).split())
    body = render_to_string("governance/email/invitation.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[email])
    name = (
        member.full_name
        or (member.user.get_full_name() if member.user_id else "")
        or str(member.organisation)
    )
    part = MIMEText(
        ical.invitation_ics(meeting, method=method, email=email, name=name).decode(), "calendar", "utf-8"
    )
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="invitation.ics")
    message.attach(part)
    return message


def deliver_invitations(*, meeting_id: int, sequence: int) -> int:
    """Send the e-mails of one revision of a meeting; returns how many were sent. Safe to run twice: the
    Invitation row (one per meeting, member and sequence) is the idempotency key, written in the same
    transaction as the sending, so a failed sending leaves no row and a retry sends it. Members who left
    the committee get nothing; a cancellation goes only to members who had been invited."""
    meeting = Meeting.objects.with_related().filter(pk=meeting_id).first()
    if meeting is None or meeting.sequence != sequence:
        return 0  # deleted, or changed again: the newer revision has its own task
    method = InvitationMethod.CANCEL if meeting.is_cancelled else InvitationMethod.REQUEST
    if method == InvitationMethod.CANCEL:
        # Everyone who received the invitation gets its cancellation, even a member who left since.
        members = meeting.committee.members.filter(pk__in=meeting.invitations.values("member_id"))
    else:
        members = meeting.committee.members.current()
    members = members.select_related("user", "organisation")
    sent = 0
    for member in members:
        email = member.contact_email
        if not email:
            continue
        with transaction.atomic():
            _, created = Invitation.objects.get_or_create(
                meeting=meeting, member=member, sequence=sequence, defaults={"method": method, "email": email}
            )
            if created:
                invitation_message(meeting, member, email, method).send()
                sent += 1
    return sent


# Agenda, attendance, minutes, decisions -----------------------------------------------------------


@transaction.atomic
def save_agenda_item(*, item):
    _check_not_cancelled(item.meeting)
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
    _check_not_cancelled(item.meeting)
    item.delete()


@transaction.atomic
def record_attendance(*, meeting: Meeting, statuses: dict) -> None:
    """`statuses` maps each seat to present / excused / absent, or to "" to forget it."""
    _check_not_cancelled(meeting)
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


def _queue_pdf(minutes: Minutes) -> None:
    """Queue the rendering of this revision once: repeated clicks within ten minutes queue nothing more."""
    pk, revision = minutes.pk, minutes.revision
    if cache.add(f"governance:minutes-pdf:{pk}:{revision}", True, timeout=600):
        transaction.on_commit(lambda: tasks.render_minutes_pdf.delay(pk, revision))


@transaction.atomic
def save_minutes(*, meeting: Meeting, text: str) -> Minutes:
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
    _queue_pdf(minutes)
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


def request_minutes_pdf(*, minutes: Minutes) -> None:
    """Queue the PDF of the current revision, if it is not ready (idempotent)."""
    if not minutes.pdf_ready:
        _queue_pdf(minutes)


def render_minutes_pdf(*, minutes_id: int, revision: int) -> bool:
    """Render and store the PDF of one revision of the minutes (under MEDIA_ROOT). Does nothing when the
    PDF is already there or when the minutes changed since (their newer revision has its own task)."""
    minutes = Minutes.objects.select_related("meeting__committee__charter").filter(pk=minutes_id).first()
    if minutes is None or minutes.revision != revision or minutes.pdf_ready:
        return False
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


# Calendars ---------------------------------------------------------------------------------------


@transaction.atomic
def regenerate_feed(*, user) -> CalendarFeed:
    """Give the user a new secret calendar address; the previous one stops working."""
    revoke_feed(user=user)
    return CalendarFeed.objects.create(user=user)


@transaction.atomic
def revoke_feed(*, user) -> None:
    CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


# Rhythm reminders --------------------------------------------------------------------------------


def remind_rhythm(*, today: dt.date | None = None) -> int:
    """E-mail each charter's coordinators about the committees that are about to miss their rhythm or
    are late; once per committee, due date and state (about to miss, then late). Returns the number of
    e-mails sent."""
    today = today or timezone.localdate()
    charters = (
        Charter.objects.filter(starts_on__lte=today)
        .select_related("coordination_group")
        .prefetch_related("amendments")
    )
    sent = 0
    for charter in charters:
        if charter.current_end < today:
            continue
        committees = list(charter.committees.with_rules().prefetch_related("meetings"))
        alerts = []
        for committee in committees:
            committee.charter = charter
            rhythm = committee_rhythm(committee, today=today)
            if (rhythm.about_to_miss or rhythm.is_late) and rhythm.next_due:
                alerts.append((committee, rhythm))
        if not alerts:
            continue
        recipients = list(
            charter.coordination_group.user_set.filter(is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        if not recipients:
            continue
        with transaction.atomic():
            fresh = [
                (committee, rhythm)
                for committee, rhythm in alerts
                if RhythmReminder.objects.get_or_create(
                    committee=committee, due_on=rhythm.next_due, state="late" if rhythm.is_late else "soon"
                )[1]
            ]
            if not fresh:
                continue
            context = {"charter": charter, "alerts": fresh, "today": today}
            EmailMessage(
                subject=f"GUSP {charter.commune} : rythme des instances à surveiller",
                body=render_to_string("governance/email/rhythm_reminder.txt", context),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=recipients,
            ).send()
            sent += 1
    return sent
