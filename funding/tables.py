"""The yearly summary table of section VII (« récapitulés annuellement dans un tableau de synthèse »):
financers × project sheets grouped by theme, for one year, with row and column totals and the totals per
stage. One function builds it, `summary_table`; the page, its CSV and XLSX exports and the PDF syntheses
all read it, so they show the same rows.

Amounts are what each commitment brings (its amount less the complementary funding deducted from it,
`FundingCommitment.net_amount`), added as Decimals in Python: exact on every database. A fixed number of
queries, whatever the number of commitments."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from actions.models import ProjectSheet

from .choices import MISSION_LABEL, Stage
from .models import Financer, FundingCommitment, MissionBudget
from .querysets import sheet_budget_flags

ZERO = Decimal("0.00")
MISSION_GROUP = "Mission GUSP"


@dataclass
class Row:
    """A sheet (or the GUSP mission, `sheet is None`) with its amount per column and its total."""

    sheet: ProjectSheet | None
    label: str
    theme_label: str
    cells: list  # a Decimal, or None where the financer has no commitment
    total: Decimal
    over_estimate: bool = False
    unpaid_late: bool = False

    @property
    def is_mission(self) -> bool:
        return self.sheet is None


@dataclass
class Group:
    label: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class SummaryTable:
    charter: object
    year: int
    filters: dict
    columns: list[Financer]
    groups: list[Group]
    column_totals: list[Decimal]
    total: Decimal
    stage_totals: list[tuple[str, str, Decimal]]  # (stage, label, total), every stage in order
    public: bool = False

    @property
    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group.rows]

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def headers(self) -> list[str]:
        return ["Thème", "Fiche", *[f.name for f in self.columns], "Total"]

    def lines(self) -> list[list]:
        """The table as the exports write it: one line per row of the screen, in its order, then the line
        of totals. Amounts as Decimals, None for an empty cell."""
        lines = [[row.theme_label, row.label, *row.cells, row.total] for row in self.rows]
        lines.append(["Total", "", *self.column_totals, self.total])
        return lines


def _sheet_label(sheet: ProjectSheet, public: bool) -> str:
    if public and not sheet.is_published:
        return f"Fiche n°{sheet.number}"
    return f"n°{sheet.number} — {sheet.title}"


def summary_table(charter, year: int, filters: dict | None = None, *, public: bool = False, today=None):
    """The summary table of `charter` for `year`, restricted by `filters` (the keyword arguments of
    `FundingCommitmentQuerySet.matching`: theme, territory, financer, stage; `filters.CommitmentFilter`
    gives them from a request). Only the financers and the sheets with an amount are shown. The mission row
    comes first, then the sheets by theme and number. `public`: the view of visitors (a published year): no
    budget flags, unpublished sheets named by their number only.

    The caller checks who may read it: a partner of the charter any year, the public a published year
    (`views.table.table`)."""
    filters = {key: value for key, value in (filters or {}).items() if value not in (None, "")}
    today = today or timezone.localdate()
    commitments = (
        FundingCommitment.objects.filter(charter=charter)
        .with_stage()
        .matching(year=year, **filters)
        .order_by()
    )
    cells: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
    stages: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for sheet_id, financer_id, stage, amount, deducted in commitments.values_list(
        "sheet_id", "financer_id", "stage", "amount", "deducted"
    ):
        net = amount - deducted
        cells[(sheet_id, financer_id)] += net
        stages[stage] += net

    financer_ids = {financer_id for _sheet_id, financer_id in cells}
    sheet_ids = {sheet_id for sheet_id, _financer_id in cells if sheet_id is not None}
    columns = list(Financer.objects.filter(pk__in=financer_ids).order_by("order", "name"))
    sheets = list(
        sheet_budget_flags(ProjectSheet.objects.filter(pk__in=sheet_ids), today)
        .select_related("theme")
        .order_by("theme__code", "number")
    )

    def row(sheet, label, theme_label, **flags) -> Row:
        sheet_id = sheet.pk if sheet else None
        values = [cells.get((sheet_id, f.pk)) for f in columns]
        return Row(sheet, label, theme_label, values, sum((v for v in values if v), ZERO), **flags)

    groups = []
    if any(sheet_id is None for sheet_id, _ in cells):
        flags = {} if public else mission_flags(charter, year, today)
        groups.append(Group(MISSION_GROUP, [row(None, MISSION_LABEL, MISSION_GROUP, **flags)]))
    for sheet in sheets:
        theme_label = str(sheet.theme)
        if not groups or groups[-1].label != theme_label:
            groups.append(Group(theme_label))
        flags = {}
        if not public:
            flags = {"over_estimate": sheet.funding_over_estimate, "unpaid_late": sheet.funding_unpaid_late}
        groups[-1].rows.append(row(sheet, _sheet_label(sheet, public), theme_label, **flags))

    column_totals = [sum((v for (_s, f_id), v in cells.items() if f_id == f.pk), ZERO) for f in columns]
    return SummaryTable(
        charter=charter,
        year=year,
        filters=filters,
        columns=columns,
        groups=groups,
        column_totals=column_totals,
        total=sum(column_totals, ZERO),
        stage_totals=[(stage.value, stage.label, stages[stage.value]) for stage in Stage],
        public=public,
    )


def mission_flags(charter, year: int, today=None) -> dict:
    """The GUSP mission's flags for `year`: its commitments exceed the year's total cost; some committed
    money of the mission is unpaid past its year."""
    mission = FundingCommitment.objects.filter(charter=charter).for_mission()
    budget = (
        MissionBudget.objects.filter(charter=charter, year=year).values_list("total_cost", flat=True).first()
    )
    total = sum((a - d for a, d in mission.filter(year=year).values_list("amount", "deducted")), ZERO)
    return {
        "over_estimate": budget is not None and total > budget,
        "unpaid_late": mission.unpaid_late(today).exists(),
    }
