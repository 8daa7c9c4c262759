"""What diagnostics tells the landlords' TFPB reports (funding.tfpb.report, through
`settings.GUSP_TFPB_FINDINGS`: funding does not import diagnostics): the findings routed to a landlord in a
quarter during a year, and how fast it treated them (`delays`: the same figures as the delays page)."""

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from .choices import FindingState
from .delays import delay_rows, total
from .models import Finding


@dataclass
class FindingLine:
    pk: int
    url: str
    category: str
    place: str
    observed_on: dt.date
    state: str
    is_late: bool
    treated_on: dt.date | None
    days_to_treat: float | None


@dataclass
class LandlordFindings:
    """The findings of a landlord in a quarter and a year (routed to it, observed that year)."""

    year: int
    routed: int = 0
    open: int = 0
    late: int = 0
    treated: int = 0
    within_target: int = 0
    overdue: int = 0
    share_within_target: float | None = None
    ack_median_days: float | None = None
    treat_median_days: float | None = None
    treat_mean_days: float | None = None
    lines: list[FindingLine] = field(default_factory=list)


def landlord_findings(
    *, charter_id: int, territory_id: int, landlord_id: int, year: int, today=None, public: bool = False
) -> LandlordFindings:
    """The figures (two queries); `public`: counts and delays only, without the list (no place is
    published from here)."""
    today = today or timezone.localdate()
    findings = (
        Finding.objects.filter(
            charter_id=charter_id,
            territory_id=territory_id,
            assigned_to_id=landlord_id,
            observed_at__year=year,
        )
        .exclude(state=FindingState.MODERATION)
        .order_by()
    )
    figures = total(delay_rows(findings, by=("organisation",), today=today))
    result = LandlordFindings(
        year=year,
        routed=figures.routed,
        treated=figures.treated,
        within_target=figures.within_target,
        overdue=figures.overdue,
        share_within_target=figures.share_within_target,
        ack_median_days=figures.ack_median_days,
        treat_median_days=figures.treat_median_days,
        treat_mean_days=figures.treat_mean_days,
    )
    for finding in (
        findings.select_related("category", "residence__landlord")
        .with_lateness(today)
        .order_by("observed_at", "pk")
    ):
        if finding.is_open:
            result.open += 1
        if finding.is_late:
            result.late += 1
        if public:
            continue
        days = None
        if finding.treated_at and finding.routed_at:
            days = max(0.0, (finding.treated_at - finding.routed_at).total_seconds() / 86400)
        result.lines.append(
            FindingLine(
                pk=finding.pk,
                url=reverse("diagnostics:finding_detail", args=[finding.pk]),
                category=str(finding.category),
                place=finding.place_label,
                observed_on=timezone.localdate(finding.observed_at),
                state=finding.get_state_display(),
                is_late=finding.is_late,
                treated_on=timezone.localdate(finding.treated_at) if finding.treated_at else None,
                days_to_treat=days,
            )
        )
    return result
