from email.mime.text import MIMEText

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from gusp.core import jobs
from gusp.core.models import Job

from .. import ical
from ..models import CommitteeMember, Invitation, InvitationMethod, Meeting
from .common import lock

DELIVER = "governance.deliver_invitations"


def _key(meeting_id: int, sequence: int | None = None) -> str:
    return f"governance:invitations:{meeting_id}:" + ("" if sequence is None else f"s{sequence}")


def queue_invitations(meeting: Meeting, *, requested_by=None) -> Job:
    """Record, in the current transaction, the sending of this revision of the meeting to its members."""
    kind = "Annulation" if meeting.is_cancelled else "Invitations"
    return jobs.enqueue(
        DELIVER,
        label=f"{kind} — {meeting.title} ({meeting.local_date:%d/%m/%Y})",
        key=_key(meeting.pk, meeting.sequence),
        charter_id=meeting.committee.charter_id,
        requested_by=requested_by,
        meeting_id=meeting.pk,
        sequence=meeting.sequence,
    )


def invitations_job(meeting: Meeting) -> Job | None:
    """The latest sending of the meeting's invitations (or of its update or cancellation)."""
    return Job.objects.filter(key__startswith=_key(meeting.pk)).order_by("-created_at", "-pk").first()


@transaction.atomic
def send_invitations(*, meeting: Meeting, requested_by=None) -> Job:
    """Invite the committee's current members to a coming meeting (in the background). Sending again
    reaches only the members not yet invited to this revision of the meeting. For a cancelled meeting,
    sends the cancellation again to everyone who was invited: a cancellation is always deliverable."""
    lock(meeting)
    if meeting.is_cancelled:
        if not meeting.invitations.exists():
            raise ValidationError("Personne n'avait été invité à cette réunion annulée.")
    elif meeting.ends_at < timezone.now():
        raise ValidationError("Cette réunion est passée : il n'y a plus d'invitation à envoyer.")
    elif meeting.invited_at is None:
        meeting.invited_at = timezone.now()
        meeting.save(update_fields=["invited_at", "updated_at"])
    return queue_invitations(meeting, requested_by=requested_by)


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


def deliver_invitations(*, meeting_id: int, sequence: int, job: Job | None = None) -> int:
    """Send the e-mails of one revision of a meeting; returns how many were sent. Safe to run twice: the
    Invitation row (one per meeting, member and sequence) is the idempotency key, written in the same
    transaction as the sending, so a failed sending leaves no row and a retry sends it (a kill between the
    sending and the commit repeats that one e-mail, never loses it). Members who left the committee get
    nothing; a cancellation goes to everyone who had been invited, even a member who left since."""
    meeting = Meeting.objects.with_related().filter(pk=meeting_id).first()
    if meeting is None or meeting.sequence != sequence:
        return 0  # deleted, or changed again: the newer revision has its own job
    method = InvitationMethod.CANCEL if meeting.is_cancelled else InvitationMethod.REQUEST
    if method == InvitationMethod.CANCEL:
        members = meeting.committee.members.filter(pk__in=meeting.invitations.values("member_id"))
    else:
        members = meeting.committee.members.current()
    members = list(members.select_related("user", "organisation"))
    sent = 0
    for index, member in enumerate(members, start=1):
        email = member.contact_email
        if email:
            with transaction.atomic():
                _, created = Invitation.objects.get_or_create(
                    meeting=meeting,
                    member=member,
                    sequence=sequence,
                    defaults={"method": method, "email": email},
                )
                if created:
                    invitation_message(meeting, member, email, method).send()
                    sent += 1
        if job is not None:
            jobs.beat(
                job, progress=100 * index // len(members), message=f"{index} membre(s) sur {len(members)}"
            )
    return sent
