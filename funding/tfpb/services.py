"""Writes of the TFPB programmes: keyword-only, atomic, validating (a broken rule raises a ValidationError
with a French message and writes nothing), recorded in the history.

A report (`TfpbReport`) carries a `revision`, raised by every change of the report or of its actions
(`_touch`): the PDF of a revision is up to date (`request_report_pdf`, rendered in a durable job by
`render_report_pdf`, never inside a request). A validated report no longer changes."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from charter.perms import can_coordinate
from gusp.core import jobs
from gusp.core.models import Job

from . import documents
from .choices import STEERING_KIND, ReportState
from .models import ConventionQuarter, TfpbAction, TfpbComment, TfpbConvention, TfpbReport
from .perms import can_comment

RENDER_PDF = "funding.render_tfpb_report_pdf"
NOT_YOURS = "Vous ne pouvez saisir que les programmes de votre organisation."
COORDINATION_ONLY = "Seule la coordination tient les conventions d'abattement de TFPB."
LOCKED = "Ce bilan est validé par le comité de pilotage : il ne change plus."


def _touch(report: TfpbReport) -> None:
    """A change of the report or of its actions: its PDF is no longer up to date."""
    TfpbReport.objects.filter(pk=report.pk).update(revision=F("revision") + 1)


def _editable(report: TfpbReport, author) -> TfpbReport:
    """The report, locked, if the author may edit it and it is not validated."""
    locked = (
        TfpbReport.objects.editable_by(author).select_for_update(of=("self",)).filter(pk=report.pk).first()
    )
    if locked is None:
        raise ValidationError(NOT_YOURS)
    if locked.is_validated:
        raise ValidationError(LOCKED)
    return locked


# Conventions (the coordination's) -------------------------------------------------------------------------


@transaction.atomic
def save_convention(*, convention: TfpbConvention, author) -> TfpbConvention:
    """Create or update a convention. Its years keep covering the programmes already entered."""
    if not can_coordinate(author, convention.charter_id):
        raise ValidationError(COORDINATION_ONLY)
    if convention.pk is None:
        convention.created_by = author if getattr(author, "pk", None) else None
    else:
        outside = (
            TfpbReport.objects.filter(quarter__convention=convention.pk)
            .exclude(year__gte=convention.start_year, year__lte=convention.end_year)
            .values_list("year", flat=True)
        )
        years = sorted(set(outside))
        if years:
            raise ValidationError(
                {
                    "start_year": "Des programmes sont saisis pour "
                    + ", ".join(str(y) for y in years)
                    + " : la convention doit couvrir ces années."
                }
            )
    convention.full_clean()
    convention.save()
    return convention


@transaction.atomic
def save_quarter(*, quarter: ConventionQuarter, author) -> ConventionQuarter:
    """Create or update a quarter of a convention (dwellings, yearly abatement). A quarter with programmes
    keeps its territory."""
    if not can_coordinate(author, quarter.convention.charter_id):
        raise ValidationError(COORDINATION_ONLY)
    if quarter.pk is not None and quarter.reports.exists():
        territory_id = (
            ConventionQuarter.objects.filter(pk=quarter.pk).values_list("territory_id", flat=True).get()
        )
        if territory_id != quarter.territory_id:
            raise ValidationError(
                {"territory": "Des programmes sont saisis pour ce quartier : il ne change plus."}
            )
    quarter.full_clean()
    quarter.save()
    TfpbReport.objects.filter(quarter=quarter).update(revision=F("revision") + 1)
    return quarter


# Programmes (the landlord's) --------------------------------------------------------------------------------


def report_for(*, quarter: ConventionQuarter, year: int, author) -> TfpbReport:
    """The programme of that quarter and year, created when the landlord enters its first action."""
    if not TfpbConvention.objects.programmable_by(author).filter(pk=quarter.convention_id).exists():
        raise ValidationError(NOT_YOURS)
    report = TfpbReport.objects.filter(quarter=quarter, year=year).first()
    if report is None:
        report = TfpbReport(quarter=quarter, year=year)
        report.full_clean()
        report.save()
    return report


def _check_findings(action: TfpbAction, findings) -> None:
    quarter = action.report.quarter
    for finding in findings:
        if (
            finding.charter_id != quarter.convention.charter_id
            or finding.territory_id != quarter.territory_id
        ):
            raise ValidationError({"findings": "Un constat choisi n'a pas été fait dans ce quartier."})


@transaction.atomic
def save_action(*, action: TfpbAction, author, quarter=None, year=None, findings=None) -> TfpbAction:
    """Create (in the programme of `quarter` and `year`) or update an action, and the findings it answers
    (`findings`: None leaves them as they are). The landlord's referents and the coordinator only."""
    if action.pk is None:
        if quarter is None or year is None:
            raise ValidationError("Choisissez le quartier et l'année du programme.")
        action.report = report_for(quarter=quarter, year=year, author=author)
        action.created_by = author if getattr(author, "pk", None) else None
    elif not TfpbAction.objects.editable_by(author).filter(pk=action.pk, report=action.report_id).exists():
        raise ValidationError(NOT_YOURS)
    action.report = _editable(action.report, author)
    action.full_clean()
    action.save()
    if findings is not None:
        _check_findings(action, findings)
        if set(action.findings.values_list("pk", flat=True)) != {f.pk for f in findings}:
            action.findings.set(findings)
    _touch(action.report)
    return action


@transaction.atomic
def delete_action(*, action: TfpbAction, author) -> None:
    if not TfpbAction.objects.editable_by(author).filter(pk=action.pk).exists():
        raise ValidationError(NOT_YOURS)
    report = _editable(action.report, author)
    action.delete()
    _touch(report)


@transaction.atomic
def save_report(*, report: TfpbReport, author) -> TfpbReport:
    """The year's abatement as it turned out, and the short account."""
    current = _editable(report, author)
    report.state = current.state  # the state moves only through submit / validate
    report.full_clean()
    report.save(update_fields=["abatement", "account"])
    _touch(report)
    return report


@transaction.atomic
def submit_report(*, report: TfpbReport, author, now=None) -> TfpbReport:
    """The landlord hands the programme and report of the year to the partners, for the steering
    committee to validate."""
    report = _editable(report, author)
    if report.state != ReportState.DRAFT:
        raise ValidationError("Ce bilan est déjà transmis au comité de pilotage.")
    if not report.actions.exists():
        raise ValidationError(
            "Un bilan transmis présente au moins une action : saisissez d'abord le programme."
        )
    report.state = ReportState.SUBMITTED
    report.submitted_at = now or timezone.now()
    report.submitted_by = author if getattr(author, "pk", None) else None
    report.full_clean()
    report.save(update_fields=["state", "submitted_at", "submitted_by"])
    _touch(report)
    return report


def _coordinated(report: TfpbReport, author) -> TfpbReport:
    locked = (
        TfpbReport.objects.validatable_by(author).select_for_update(of=("self",)).filter(pk=report.pk).first()
    )
    if locked is None:
        raise ValidationError("Seule la coordination enregistre les décisions du comité de pilotage.")
    return locked


@transaction.atomic
def return_report(*, report: TfpbReport, author) -> TfpbReport:
    """Back to the landlord (before validation), e.g. for a missing account."""
    report = _coordinated(report, author)
    if report.state != ReportState.SUBMITTED:
        raise ValidationError("Seul un bilan transmis et non validé est renvoyé au bailleur.")
    report.state = ReportState.DRAFT
    report.save(update_fields=["state"])
    _touch(report)
    return report


def check_decision(report: TfpbReport, decision) -> None:
    """A decision of the steering committee of the report's charter."""
    committee = decision.meeting.committee
    if committee.charter_id != report.quarter.convention.charter_id:
        raise ValidationError(
            {"decision": "Cette décision n'a pas été prise par une instance de cette charte."}
        )
    if committee.kind != STEERING_KIND:
        raise ValidationError(
            {"decision": "Seul le comité de pilotage valide un bilan de l'abattement de TFPB."}
        )


@transaction.atomic
def validate_report(*, report: TfpbReport, decision, author, publish: bool = False, now=None) -> TfpbReport:
    """Record that the steering committee validated the report by `decision` (a `governance.Decision`),
    and whether it published it (the public then reads it)."""
    report = _coordinated(report, author)
    if report.state != ReportState.SUBMITTED:
        raise ValidationError(
            "Le comité de pilotage valide un bilan transmis par le bailleur."
            if report.state == ReportState.DRAFT
            else "Ce bilan est déjà validé."
        )
    check_decision(report, decision)
    now = now or timezone.now()
    report.state = ReportState.VALIDATED
    report.decision = decision
    report.validated_at = now
    report.validated_by = author if getattr(author, "pk", None) else None
    report.published_at = now if publish else None
    report.full_clean()
    report.save(update_fields=["state", "decision", "validated_at", "validated_by", "published_at"])
    _touch(report)
    return report


@transaction.atomic
def publish_report(*, report: TfpbReport, publish: bool, author, now=None) -> TfpbReport:
    """Publish (or withdraw) a validated report, as the steering committee decided."""
    report = _coordinated(report, author)
    if not report.is_validated:
        raise ValidationError("Seul un bilan validé par le comité de pilotage est publié.")
    report.published_at = (report.published_at or now or timezone.now()) if publish else None
    report.save(update_fields=["published_at"])
    return report


@transaction.atomic
def add_comment(*, report: TfpbReport, text: str, author) -> TfpbComment:
    charter = report.quarter.convention.charter
    if not can_comment(author, charter):
        raise ValidationError("Seuls les partenaires de la charte commentent un bilan.")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Écrivez votre commentaire."})
    comment = TfpbComment(report=report, author=author, organisation=author.organisation, text=text)
    comment.full_clean()
    comment.save()
    _touch(report)
    return comment


# The PDF (a durable job) ------------------------------------------------------------------------------------


def _pdf_key(report: TfpbReport) -> str:
    return f"funding:tfpb-pdf:{report.pk}:r{report.revision}"


def pdf_job(report: TfpbReport) -> Job | None:
    """The latest rendering of the current revision's PDF."""
    return Job.objects.filter(key=_pdf_key(report)).order_by("-created_at", "-pk").first()


@transaction.atomic
def request_report_pdf(*, report: TfpbReport, requested_by=None) -> Job | None:
    """Queue the PDF of the report's current revision (joining a rendering under way); nothing when it is
    ready and made today."""
    report = TfpbReport.objects.select_related("quarter__convention", "quarter__territory").get(pk=report.pk)
    if report.pdf_ready and report.pdf_made_on == timezone.localdate():
        return None
    convention = report.quarter.convention
    return jobs.enqueue(
        RENDER_PDF,
        label=f"PDF du bilan TFPB {report.year} — {convention.landlord} — {report.quarter.territory}",
        key=_pdf_key(report),
        charter_id=convention.charter_id,
        requested_by=requested_by,
        report_id=report.pk,
        revision=report.revision,
    )


def render_report_pdf(*, report_id: int, revision: int, job: Job | None = None) -> bool:
    """Render and attach the PDF of one revision of a report (in a job). Does nothing when the report changed
    since (its newer revision has its own job); safe to run twice (the file has one name per report)."""
    report = TfpbReport.objects.with_related().filter(pk=report_id).first()
    if report is None or report.revision != revision:
        return False
    if job is not None:
        jobs.beat(job, progress=10, message="Calcul du bilan et mise en page")
    content = documents.report_pdf(report)
    storage = report.pdf.storage
    name = report.pdf.field.generate_filename(report, "bilan.pdf")
    if storage.exists(name):
        storage.delete(name)
    stored = storage.save(name, ContentFile(content))
    updated = TfpbReport.objects.filter(pk=report.pk, revision=revision).update(
        pdf=stored, pdf_revision=revision, pdf_made_on=timezone.localdate()
    )
    if not updated:
        storage.delete(stored)
        return False
    return True
