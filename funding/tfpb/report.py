"""The yearly report of the TFPB abatement, per landlord × quarter × year (`quarter_report`), and the
landlord's year over all its quarters (`year_summary`). The report page, its XLSX file and its PDF all read
these objects, so they show the same figures.

The figures, for one quarter and year (`TfpbReport`):
- the abatement: what the landlord reported for the year (`TfpbReport.abatement`), else the convention's
  yearly amount (`ConventionQuarter.yearly_amount`: typed, or dwellings × the figure per dwelling);
- per axis of the national framework (all eight, even empty): the number of actions, the planned amount
  (sum of `planned_amount`) and the realised amount (sum of `realised_amount`, an action not yet reported
  counting 0), the realisation rate (realised ÷ planned, in percent);
- the totals, what of the abatement is not programmed (abatement − planned) and not realised
  (abatement − realised): negative when the landlord spends more than the abatement;
- per dwelling: each amount ÷ the quarter's dwellings, rounded half up to the cent from the exact amount
  (so the axes' figures per dwelling may differ by a cent from the total's);
- against the reference figures (`choices.reference_figures`: 183 € and 233 € per dwelling and per year,
  with their source): the reference × dwellings, and the gap of the realised amount per dwelling;
- the findings of the walking diagnostics routed to the landlord in that quarter that year and how fast it
  treated them, from the function named by `settings.GUSP_TFPB_FINDINGS` (diagnostics provides it: funding
  does not import diagnostics), and which of them the programme's actions answer.

Amounts are Decimals added in Python: exact on every database. A fixed number of queries whatever the
number of actions."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from ..choices import CENT
from .choices import Axis, ReferenceFigure, reference_figures
from .models import ConventionQuarter, TfpbAction, TfpbReport

ZERO = Decimal("0.00")
HUNDRED = Decimal(100)


def per_dwelling(amount: Decimal | None, dwellings: int | None) -> Decimal | None:
    """`amount` ÷ `dwellings`, rounded half up to the cent; None without dwellings or amount."""
    if amount is None or not dwellings:
        return None
    return (Decimal(amount) / Decimal(dwellings)).quantize(CENT, rounding=ROUND_HALF_UP)


def rate(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """`part` ÷ `whole` in percent, to two decimals; None when `whole` is nothing."""
    if part is None or not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(CENT, rounding=ROUND_HALF_UP)


def _minus(a: Decimal | None, b: Decimal) -> Decimal | None:
    return None if a is None else a - b


@dataclass
class AxisLine:
    axis: int
    label: str
    dwellings: int
    actions: int = 0
    planned: Decimal = ZERO
    realised: Decimal = ZERO

    @property
    def planned_per_dwelling(self) -> Decimal | None:
        return per_dwelling(self.planned, self.dwellings)

    @property
    def realised_per_dwelling(self) -> Decimal | None:
        return per_dwelling(self.realised, self.dwellings)

    @property
    def realisation_rate(self) -> Decimal | None:
        return rate(self.realised, self.planned)

    def add(self, planned: Decimal, realised: Decimal | None) -> None:
        self.actions += 1
        self.planned += planned
        self.realised += realised if realised is not None else ZERO

    def line(self) -> list:
        return [
            f"{self.axis}. {self.label}",
            self.actions,
            self.planned,
            self.realised,
            self.realisation_rate,
            self.planned_per_dwelling,
            self.realised_per_dwelling,
        ]


AXIS_HEADERS = [
    "Axe",
    "Actions",
    "Programmé (€)",
    "Réalisé (€)",
    "Taux de réalisation (%)",
    "Programmé par logement (€)",
    "Réalisé par logement (€)",
]
SUMMARY_HEADERS = ["", "Montant (€)", "Par logement (€)", "Écart du réalisé par logement (€)"]
ACTION_HEADERS = ["Axe", "Action", "Programmé (€)", "Réalisé (€)", "Ce qui a été fait"]


def empty_axes(dwellings: int) -> dict[int, AxisLine]:
    return {axis.value: AxisLine(axis=axis.value, label=axis.label, dwellings=dwellings) for axis in Axis}


@dataclass
class Figures:
    """The figures of a quarter, or of several added up (`year_summary`)."""

    dwellings: int
    abatement: Decimal | None
    axes: list[AxisLine]

    @property
    def actions_count(self) -> int:
        return sum(line.actions for line in self.axes)

    @property
    def planned(self) -> Decimal:
        return sum((line.planned for line in self.axes), ZERO)

    @property
    def realised(self) -> Decimal:
        return sum((line.realised for line in self.axes), ZERO)

    @property
    def realisation_rate(self) -> Decimal | None:
        return rate(self.realised, self.planned)

    @property
    def programmed_rate(self) -> Decimal | None:
        """What of the abatement is programmed, in percent."""
        return rate(self.planned, self.abatement)

    @property
    def unprogrammed(self) -> Decimal | None:
        return _minus(self.abatement, self.planned)

    @property
    def unrealised(self) -> Decimal | None:
        return _minus(self.abatement, self.realised)

    def per_dwelling(self, amount: Decimal | None) -> Decimal | None:
        return per_dwelling(amount, self.dwellings)

    @property
    def abatement_per_dwelling(self) -> Decimal | None:
        return self.per_dwelling(self.abatement)

    @property
    def planned_per_dwelling(self) -> Decimal | None:
        return self.per_dwelling(self.planned)

    @property
    def realised_per_dwelling(self) -> Decimal | None:
        return self.per_dwelling(self.realised)

    @property
    def references(self) -> list["ReferenceLine"]:
        return [
            ReferenceLine(figure, self.dwellings, self.realised_per_dwelling)
            for figure in reference_figures()
        ]

    def total_line(self) -> list:
        return [
            "Total",
            self.actions_count,
            self.planned,
            self.realised,
            self.realisation_rate,
            self.planned_per_dwelling,
            self.realised_per_dwelling,
        ]

    def axis_lines(self) -> list[list]:
        """The table by axis, as the screen and the XLSX file show it: the eight axes, then the total."""
        return [line.line() for line in self.axes] + [self.total_line()]

    def summary_lines(self) -> list[list]:
        """The abatement against what is programmed and realised, per dwelling, and the reference figures."""
        lines = [
            ["Abattement de l'année", self.abatement, self.abatement_per_dwelling, None],
            ["Programmé", self.planned, self.planned_per_dwelling, None],
            ["Réalisé", self.realised, self.realised_per_dwelling, None],
            ["Abattement non programmé", self.unprogrammed, self.per_dwelling(self.unprogrammed), None],
            ["Abattement non réalisé", self.unrealised, self.per_dwelling(self.unrealised), None],
        ]
        for reference in self.references:
            lines.append(
                [reference.label, reference.amount, reference.figure.per_dwelling, reference.gap_per_dwelling]
            )
        return lines


@dataclass
class ReferenceLine:
    figure: ReferenceFigure
    dwellings: int
    realised_per_dwelling: Decimal | None

    @property
    def label(self) -> str:
        return f"{self.figure.label} : {self.figure.per_dwelling:.2f} € par logement".replace(".", ",")

    @property
    def amount(self) -> Decimal:
        """The reference effort for the quarter's dwellings."""
        return (self.figure.per_dwelling * self.dwellings).quantize(CENT)

    @property
    def gap_per_dwelling(self) -> Decimal | None:
        """Realised per dwelling − the reference (negative: below it)."""
        if self.realised_per_dwelling is None:
            return None
        return self.realised_per_dwelling - self.figure.per_dwelling


@dataclass
class QuarterReport(Figures):
    """The report of one landlord × quarter × year (`quarter_report`)."""

    report: TfpbReport = None
    actions: list[TfpbAction] = field(default_factory=list)
    findings: object = None  # what `settings.GUSP_TFPB_FINDINGS` returns, or None
    answered: dict = field(default_factory=dict)  # finding pk → titles of the actions that answer it
    public: bool = False

    @property
    def abatement_is_reported(self) -> bool:
        return self.report.abatement is not None

    @property
    def quarter(self) -> ConventionQuarter:
        return self.report.quarter

    @property
    def convention(self):
        return self.report.quarter.convention

    def action_lines(self) -> list[list]:
        return [
            [
                f"{a.axis}. {a.get_axis_display()}",
                a.title,
                a.planned_amount,
                a.realised_amount,
                a.done_account,
            ]
            for a in self.actions
        ]


def findings_of(report: TfpbReport, *, today=None, public: bool = False):
    """The findings figures of the report's landlord, quarter and year, from the function named by
    `settings.GUSP_TFPB_FINDINGS` (None when the platform names none)."""
    path = getattr(settings, "GUSP_TFPB_FINDINGS", "")
    if not path:
        return None
    quarter = report.quarter
    return import_string(path)(
        charter_id=quarter.convention.charter_id,
        territory_id=quarter.territory_id,
        landlord_id=quarter.convention.landlord_id,
        year=report.year,
        today=today or timezone.localdate(),
        public=public,
    )


def quarter_report(report: TfpbReport, *, public: bool = False, today=None) -> QuarterReport:
    """The report of `report` (fetch it `with_related()`). `public`: the view of visitors (a published
    report): the findings as counts only, no list. The caller checks who may read it."""
    actions = list(
        TfpbAction.objects.filter(report=report)
        .select_related("sheet", "action")
        .prefetch_related("findings")
        .order_by("axis", "order", "pk")
    )
    dwellings = report.quarter.dwellings
    axes = empty_axes(dwellings)
    answered = defaultdict(list)
    for action in actions:
        axes[action.axis].add(action.planned_amount, action.realised_amount)
        for finding in action.findings.all():
            answered[finding.pk].append(action.title)
    return QuarterReport(
        dwellings=dwellings,
        abatement=report.abatement_amount,
        axes=list(axes.values()),
        report=report,
        actions=actions,
        findings=findings_of(report, today=today, public=public),
        answered=dict(answered),
        public=public,
    )


@dataclass
class QuarterYear(Figures):
    """A quarter of the landlord's year (`year_summary`): its programme (`report`, None when none)."""

    quarter: ConventionQuarter = None
    report: TfpbReport | None = None


@dataclass
class YearSummary(Figures):
    """A landlord's year over the quarters of its convention: each quarter's figures and their sum."""

    convention: object = None
    year: int = 0
    quarters: list[QuarterYear] = field(default_factory=list)


def year_summary(convention, year: int) -> YearSummary:
    """Every quarter of `convention` in `year` (with or without a programme) and the landlord's totals:
    dwellings, abatement (the quarters' abatements; None if one is unknown) and axes added up. Three
    queries."""
    quarters = list(ConventionQuarter.objects.filter(convention=convention).select_related("territory"))
    reports = {r.quarter_id: r for r in TfpbReport.objects.filter(quarter__convention=convention, year=year)}
    by_report = defaultdict(list)
    for report_id, axis, planned, realised in TfpbAction.objects.filter(
        report__in=[r.pk for r in reports.values()]
    ).values_list("report_id", "axis", "planned_amount", "realised_amount"):
        by_report[report_id].append((axis, planned, realised))
    lines = []
    for quarter in quarters:
        report = reports.get(quarter.pk)
        if report is not None:
            report.quarter = quarter
        axes = empty_axes(quarter.dwellings)
        for axis, planned, realised in by_report.get(report.pk if report else None, []):
            axes[axis].add(planned, realised)
        lines.append(
            QuarterYear(
                dwellings=quarter.dwellings,
                abatement=report.abatement_amount if report else quarter.yearly_amount,
                axes=list(axes.values()),
                quarter=quarter,
                report=report,
            )
        )
    dwellings = sum(q.dwellings for q in lines)
    totals = empty_axes(dwellings)
    for line in lines:
        for axis_line in line.axes:
            total = totals[axis_line.axis]
            total.actions += axis_line.actions
            total.planned += axis_line.planned
            total.realised += axis_line.realised
    abatements = [q.abatement for q in lines]
    return YearSummary(
        dwellings=dwellings,
        abatement=None if not lines or None in abatements else sum(abatements, ZERO),
        axes=list(totals.values()),
        convention=convention,
        year=year,
        quarters=lines,
    )
