"""Writes of committees and meetings: keyword-only, atomic, validating (a broken rule raises a
ValidationError with a French message and writes nothing). Side effects (e-mails, PDFs) are durable jobs
(`gusp.core.jobs.enqueue`) recorded in the same transaction as the change that causes them; the handlers
that carry them out are registered in `governance.tasks`.

One module per section; the names are re-exported here so that callers write `services.save_minutes`."""

from .calendars import regenerate_feed, revoke_feed
from .committees import record_duty_completion, save_committee, save_member
from .invitations import deliver_invitations, invitation_message, invitations_job, send_invitations
from .meetings import cancel_meeting, create_meeting, mark_held, plan_year, update_meeting
from .records import (
    delete_agenda_item,
    minutes_pdf_job,
    publish_minutes,
    record_attendance,
    render_minutes_pdf,
    request_minutes_pdf,
    save_agenda_item,
    save_decision,
    save_minutes,
)
from .reminders import remind_rhythm, send_rhythm_reminder

__all__ = [
    "cancel_meeting",
    "create_meeting",
    "delete_agenda_item",
    "deliver_invitations",
    "invitation_message",
    "invitations_job",
    "mark_held",
    "minutes_pdf_job",
    "plan_year",
    "publish_minutes",
    "record_attendance",
    "record_duty_completion",
    "regenerate_feed",
    "remind_rhythm",
    "render_minutes_pdf",
    "request_minutes_pdf",
    "revoke_feed",
    "save_agenda_item",
    "save_committee",
    "save_decision",
    "save_member",
    "save_minutes",
    "send_invitations",
    "send_rhythm_reminder",
    "update_meeting",
]
