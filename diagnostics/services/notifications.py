"""E-mails about findings, as durable jobs (`gusp.core.jobs`): queued in the transaction that routes or
closes a finding, sent by a worker, each safe to run twice.

- `notify_routed`: the referents of the organisation a finding is routed to (one job per routing, the
  idempotency key being a `Notification` row per finding, routing and person, written with the e-mail);
- `notify_reporter`: the inhabitant who left an address, once the report is treated or rejected; the
  address is deleted once the report is closed (`Report.notified_at` is the idempotency key)."""

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from charter.choices import Role
from gusp.core import jobs

from ..choices import CLOSED_STATES
from ..models import Finding, Notification, Report

NOTIFY_ROUTED = "diagnostics.notify_routed"
NOTIFY_REPORTER = "diagnostics.notify_reporter"


def queue_routed(finding: Finding, *, requested_by=None):
    """In the routing transaction: tell the organisation's referents (after the commit)."""
    if finding.assigned_to_id is None:
        return None
    return jobs.enqueue(
        NOTIFY_ROUTED,
        label=f"Constat n°{finding.pk} orienté vers {finding.assigned_to}",
        key=f"diagnostics:routed:{finding.pk}:{finding.routing_count}",
        charter_id=finding.charter_id,
        requested_by=requested_by,
        finding_id=finding.pk,
        sequence=finding.routing_count,
    )


def queue_reporter(report: Report, *, requested_by=None):
    if not report.email or report.notified_at:
        return None
    return jobs.enqueue(
        NOTIFY_REPORTER,
        label=f"Réponse à l'habitant — constat n°{report.finding_id}",
        key=f"diagnostics:reporter:{report.pk}",
        charter_id=report.finding.charter_id,
        requested_by=requested_by,
        report_id=report.pk,
    )


def _subject(template: str, context: dict) -> str:
    return " ".join(render_to_string(template, context).split())


def deliver_routed(*, finding_id: int, sequence: int, job=None) -> int:
    """Send the routing e-mail to each referent of the organisation in charge; returns how many were sent.
    A finding routed again since has its own job: this one does nothing."""
    finding = Finding.objects.with_related().filter(pk=finding_id).first()
    if finding is None or finding.routing_count != sequence or finding.assigned_to_id is None:
        return 0
    referents = list(
        get_user_model()
        .objects.filter(organisation_id=finding.assigned_to_id, role=Role.REFERENT, is_active=True)
        .exclude(email="")
        .order_by("pk")
    )
    sent = 0
    for index, user in enumerate(referents, start=1):
        with transaction.atomic():
            _, created = Notification.objects.get_or_create(
                finding=finding, kind="routed", sequence=sequence, user=user
            )
            if created:
                context = {"finding": finding, "user": user}
                EmailMessage(
                    subject=_subject("diagnostics/email/routed_subject.txt", context),
                    body=render_to_string("diagnostics/email/routed.txt", context),
                    to=[user.email],
                ).send()
                sent += 1
        if job is not None:
            jobs.beat(job, progress=100 * index // len(referents), message=f"{index} sur {len(referents)}")
    return sent


def deliver_reporter(*, report_id: int, job=None) -> bool:
    """Tell the inhabitant the outcome of their report, once; then, if the report is closed, delete the
    address in the same transaction."""
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or not report.email or report.notified_at:
            return False
        finding = Finding.objects.with_related().get(pk=report.finding_id)
        context = {"finding": finding, "report": report}
        EmailMessage(
            subject=_subject("diagnostics/email/reporter_subject.txt", context),
            body=render_to_string("diagnostics/email/reporter.txt", context),
            to=[report.email],
        ).send()
        report.notified_at = timezone.now()
        fields = ["notified_at"]
        if finding.state in CLOSED_STATES:
            report.email, report.email_deleted_at = "", report.notified_at
            fields += ["email", "email_deleted_at"]
        report.save(update_fields=fields)
        return True
