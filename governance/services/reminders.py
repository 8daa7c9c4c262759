"""Reminders to the coordinators when a committee is about to miss its rhythm (section VI)."""

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from charter.models import Charter
from gusp.core import jobs

from ..models import ReminderState, RhythmReminder
from ..rhythm import committee_rhythm

SEND = "governance.send_rhythm_reminder"


def remind_rhythm(*, today: dt.date | None = None) -> int:
    """Find, for each running charter, the committees about to miss their rhythm or overdue, and queue one
    e-mail to the charter's coordinators about those not yet reminded for that due date and state (about
    to miss, then late). The reminders and their e-mail job are written in one transaction. Returns the
    number of e-mails queued."""
    today = today or timezone.localdate()
    charters = Charter.objects.filter(starts_on__lte=today).prefetch_related("amendments")
    queued = 0
    for charter in charters:
        if charter.current_end < today:
            continue
        alerts = []
        for committee in charter.committees.with_rules().for_rhythm():
            committee.charter = charter
            rhythm = committee_rhythm(committee, today=today)
            if (rhythm.about_to_miss or rhythm.is_overdue) and rhythm.next_due:
                state = ReminderState.LATE if rhythm.is_overdue else ReminderState.SOON
                alerts.append((committee, rhythm.next_due, state))
        if not alerts:
            continue
        with transaction.atomic():
            fresh = []
            for committee, due_on, state in alerts:
                reminder, created = RhythmReminder.objects.get_or_create(
                    committee=committee, due_on=due_on, state=state
                )
                if created:
                    fresh.append(reminder.pk)
            if fresh:
                jobs.enqueue(
                    SEND,
                    label=f"Rappel du rythme des instances — {charter.commune}",
                    charter_id=charter.pk,
                    charter=charter.pk,
                    reminders=fresh,
                    today=today.isoformat(),
                )
                queued += 1
    return queued


def send_rhythm_reminder(*, charter: int, reminders: list[int], today: str) -> int:
    """E-mail the coordinators of the charter about the committees of the given reminders."""
    charter = Charter.objects.select_related("coordination_group").get(pk=charter)
    recipients = list(
        charter.coordination_group.user_set.filter(is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        return 0
    today = dt.date.fromisoformat(today)
    alerts = []
    for reminder in RhythmReminder.objects.filter(pk__in=reminders).select_related("committee"):
        committee = reminder.committee
        committee.charter = charter
        alerts.append((committee, committee_rhythm(committee, today=today)))
    context = {"charter": charter, "alerts": alerts, "today": today}
    EmailMessage(
        subject=f"GUSP {charter.commune} : rythme des instances à surveiller",
        body=render_to_string("governance/email/rhythm_reminder.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    ).send()
    return 1
