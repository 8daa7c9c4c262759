"""What a synthesis holds, read through the other apps' querysets and functions (never their internals):
the sheets of the scope with their goals, derived progress (`with_progress`), actions (late ones marked,
`with_lateness`), journal highlights, indicators as charts (`actions.charts.line_chart`), the committees'
decisions about them and their funding (`funding.tables.summary_table`); the findings of the scope with
their treatment delays (`diagnostics.delays`); the theme × territory matrix (`theme_territory_counts`).

`gather(scope)` makes a fixed number of SQL queries whatever the amount of data (one per kind of record,
and a few per year of the period for funding), and keeps the lists it prints bounded (the latest journal
entries per sheet, the late findings first); the figures always count everything.

What is in scope:
- sheets: of the theme; for a territory, those about it (named, or about every quarter) and those with an
  action or a finding there in the period; for the public, only published sheets;
- actions: of those sheets, running during the period or late today; for a territory, those there or
  about every quarter; for the public, finished actions only (as on the public pages);
- the public variant leaves out the journals, the indicators, the funding details (a total per year of the
  years whose table is published), the exact places of findings (the quarter and the residence's name at
  most, and only published findings) and the decisions of meetings whose minutes are not public."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from actions.charts import line_chart
from actions.choices import ActionStatus
from actions.models import Action, Indicator, Intervention, Measurement, ProjectSheet
from actions.querysets import late_q
from diagnostics.choices import OPEN_STATES, FindingState
from diagnostics.delays import delay_rows, total
from diagnostics.models import Finding
from diagnostics.querysets import late_q as finding_late_q
from funding.periods import charter_years
from funding.perms import published_years
from funding.tables import summary_table
from governance.choices import MeetingStatus
from governance.models import Decision, Meeting

from .choices import ACTIONS_LISTED, FINDINGS_LISTED, JOURNAL_HIGHLIGHTS

ALL_TERRITORIES = "Tous les quartiers"


@dataclass
class FundingLine:
    year: int
    cells: list  # (financer name, amount) where the financer has an amount; empty for the public
    total: object
    over_estimate: bool = False
    unpaid_late: bool = False


@dataclass
class SheetBlock:
    """One sheet of the synthesis and what is printed about it."""

    sheet: ProjectSheet
    actions: list = field(default_factory=list)  # at most ACTIONS_LISTED, late ones first
    action_count: int = 0
    action_finished: int = 0
    action_late: int = 0
    charts: list = field(default_factory=list)  # (indicator, chart geometry)
    journal: list = field(default_factory=list)
    journal_count: int = 0
    journal_hours: object = None
    journal_cost: object = None
    funding: list = field(default_factory=list)  # FundingLine, by year
    decisions: list = field(default_factory=list)  # (decision, its actions in scope)
    finding_count: int = 0
    finding_late: int = 0

    @property
    def actions_not_listed(self) -> int:
        return self.action_count - len(self.actions)


def _day_bounds(scope) -> tuple[dt.datetime, dt.datetime]:
    """The period as aware datetimes, local time: from the first day at 0:00 to the day after the last."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(scope.starts_on, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(scope.ends_on + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end


def action_filter(scope) -> Q:
    """The actions of the scope among those of its sheets: running during the period or late today, in
    the territory or about every quarter."""
    condition = Q(starts_on__lte=scope.ends_on, due_on__gte=scope.starts_on) | late_q(scope.today)
    if scope.territory is not None:
        condition &= Q(territory=scope.territory) | Q(territory__isnull=True)
    return condition


def _actions(scope):
    base = Action.objects.public() if scope.public else Action.objects.all()
    return base.filter(sheet__charter=scope.charter).filter(action_filter(scope))


def findings(scope):
    """The findings of the scope observed during the period: routed ones for the partners (those awaiting
    moderation are the coordinator's), published ones for the public; of the territory; of the theme (the
    theme of the sheet of their action, else of their category)."""
    start, end = _day_bounds(scope)
    base = (
        Finding.objects.public() if scope.public else Finding.objects.exclude(state=FindingState.MODERATION)
    )
    queryset = base.filter(charter=scope.charter, observed_at__gte=start, observed_at__lt=end)
    if scope.territory is not None:
        queryset = queryset.filter(territory=scope.territory)
    queryset = queryset.annotate(sheet_key=Coalesce("action__sheet_id", "category__sheet_id"))
    if scope.theme is not None:
        queryset = queryset.filter(
            Q(action__sheet__theme=scope.theme) | Q(action__isnull=True, category__sheet__theme=scope.theme)
        )
    return queryset


def sheets(scope):
    """The sheets of the scope, with their derived progress, in theme and number order."""
    if scope.public:
        queryset = ProjectSheet.objects.visible_to(AnonymousUser())
    else:
        queryset = ProjectSheet.objects.all()
    queryset = queryset.filter(charter=scope.charter)
    if scope.theme is not None:
        queryset = queryset.filter(theme=scope.theme)
    if scope.territory is not None:
        about = ProjectSheet.objects.for_territory(scope.territory).values("pk")
        acted = Exists(_actions(scope).filter(sheet=OuterRef("pk"), territory=scope.territory))
        found = Exists(findings(scope).filter(sheet_key=OuterRef("pk")))
        queryset = queryset.filter(Q(pk__in=about) | acted | found)
    return (
        queryset.with_progress(scope.today)
        .select_related("theme", "sub_theme", "lead")
        .order_by("theme__code", "number")
    )


def _action_lists(scope, blocks: dict[int, SheetBlock], actions) -> None:
    """Each sheet's actions in scope: all counted (finished, late), at most ACTIONS_LISTED listed, the late
    ones first, then by due date."""
    late = late_q(scope.today)
    for row in (
        actions.order_by()
        .values("sheet_id")
        .annotate(
            n=Count("pk"),
            finished=Count("pk", filter=Q(status=ActionStatus.FINISHED)),
            late=Count("pk", filter=late),
        )
    ):
        block = blocks[row["sheet_id"]]
        block.action_count, block.action_finished, block.action_late = row["n"], row["finished"], row["late"]
    late_first = Case(When(late, then=Value(0)), default=Value(1), output_field=IntegerField())
    listed = (
        actions.with_lateness(scope.today)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("sheet_id"),
                order_by=[late_first.asc(), F("due_on").asc(), F("pk").asc()],
            )
        )
        .filter(rank__lte=ACTIONS_LISTED)
        .select_related("lead", "territory")
        .order_by("sheet_id", "rank")
    )
    for action in listed:
        blocks[action.sheet_id].actions.append(action)


def _charts(scope, blocks: dict[int, SheetBlock], actions) -> None:
    """Each sheet's indicators (those its actions in scope feed), drawn over the period: for a territory,
    its own series and the whole charter's, nothing of another quarter."""
    links = (
        Action.indicators.through.objects.filter(action__in=actions.values("pk"))
        .values_list("action__sheet_id", "indicator_id")
        .distinct()
    )
    by_sheet = defaultdict(list)
    for sheet_id, indicator_id in links:
        by_sheet[sheet_id].append(indicator_id)
    measurements = Measurement.objects.filter(
        measured_on__gte=scope.starts_on, measured_on__lte=scope.ends_on
    )
    if scope.territory is not None:
        measurements = measurements.filter(Q(territory=scope.territory) | Q(territory__isnull=True))
    indicators = {
        indicator.pk: indicator
        for indicator in Indicator.objects.filter(pk__in={i for ids in by_sheet.values() for i in ids})
        .order_by("name", "pk")
        .prefetch_related(
            Prefetch("measurements", queryset=measurements.select_related("territory"), to_attr="scoped")
        )
    }
    charts = {pk: line_chart(indicator, indicator.scoped) for pk, indicator in indicators.items()}
    for sheet_id, ids in by_sheet.items():
        ordered = sorted((indicators[i] for i in ids), key=lambda indicator: (indicator.name, indicator.pk))
        blocks[sheet_id].charts = [(indicator, charts[indicator.pk]) for indicator in ordered]


def _journal(scope, blocks: dict[int, SheetBlock], actions) -> None:
    """The latest entries of each sheet's journal in the period (at most JOURNAL_HIGHLIGHTS), with the count,
    hours and cost of all of them. For a territory: entries on its residences or on none."""
    entries = Intervention.objects.filter(
        action__in=actions.values("pk"), done_on__gte=scope.starts_on, done_on__lte=scope.ends_on
    )
    if scope.territory is not None:
        entries = entries.filter(Q(residence__territory=scope.territory) | Q(residence__isnull=True))
    for row in (
        entries.order_by()
        .values("action__sheet_id")
        .annotate(n=Count("pk"), hours=Sum("hours"), cost=Sum("cost"))
    ):
        block = blocks[row["action__sheet_id"]]
        block.journal_count, block.journal_hours, block.journal_cost = row["n"], row["hours"], row["cost"]
    ranked = (
        entries.annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("action__sheet_id"),
                order_by=[F("done_on").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=JOURNAL_HIGHLIGHTS)
        .select_related("action", "organisation", "residence")
        .order_by("-done_on", "-pk")
    )
    for entry in ranked:
        blocks[entry.action.sheet_id].journal.append(entry)


def _decisions(scope, blocks: dict[int, SheetBlock], actions) -> None:
    """The decisions of the charter's committees, taken at meetings held during the period, about a sheet
    of the scope or one of its actions in scope; for the public, only those of public meetings whose
    minutes are published."""
    start, end = _day_bounds(scope)
    meetings = Meeting.objects.filter(
        committee__charter=scope.charter, status=MeetingStatus.HELD, starts_at__gte=start, starts_at__lt=end
    )
    if scope.public:
        meetings = meetings.filter(pk__in=Meeting.objects.minutes_readable_by(AnonymousUser()).values("pk"))
    scoped_actions = actions.filter(sheet__in=list(blocks)).select_related("sheet")
    decisions = (
        Decision.objects.filter(meeting__in=meetings.values("pk"))
        .filter(Q(sheets__in=list(blocks)) | Q(actions__in=scoped_actions.values("pk")))
        .distinct()
        .select_related("meeting__committee")
        .prefetch_related(
            Prefetch(
                "sheets", queryset=ProjectSheet.objects.filter(pk__in=list(blocks)), to_attr="scoped_sheets"
            ),
            Prefetch("actions", queryset=scoped_actions, to_attr="scoped_actions"),
        )
        .order_by("meeting__starts_at", "order", "pk")
    )
    for decision in decisions:
        concerned = {sheet.pk: [] for sheet in decision.scoped_sheets}
        for action in decision.scoped_actions:
            concerned.setdefault(action.sheet_id, []).append(action)
        for sheet_id, its_actions in concerned.items():
            if sheet_id in blocks:
                blocks[sheet_id].decisions.append((decision, its_actions))


def _funding(scope, blocks: dict[int, SheetBlock]) -> list[dict]:
    """Each sheet's funding per year of the period (`funding.tables.summary_table`, the yearly table), and
    the totals per year of the scope (the GUSP mission included when the scope is not one theme). For the
    public: only the years whose table is published, and only totals."""
    years = [y for y in charter_years(scope.charter) if scope.starts_on.year <= y <= scope.ends_on.year]
    if scope.public:
        published = set(published_years(scope.charter))
        years = [y for y in years if y in published]
    filters = {"theme": scope.theme} if scope.theme is not None else None
    summary = []
    for year in years:
        table = summary_table(scope.charter, year, filters, public=scope.public, today=scope.today)
        year_total, mission = 0, None
        for row in table.rows:
            if row.is_mission:
                if scope.theme is None:
                    mission = row.total
                    year_total += row.total
                continue
            block = blocks.get(row.sheet.pk)
            if block is None:
                continue
            cells = (
                []
                if scope.public
                else [
                    (financer.name, amount)
                    for financer, amount in zip(table.columns, row.cells, strict=True)
                    if amount
                ]
            )
            block.funding.append(FundingLine(year, cells, row.total, row.over_estimate, row.unpaid_late))
            year_total += row.total
        summary.append({"year": year, "total": year_total, "mission": mission})
    return summary


def _matrix(scope, themes, territories) -> dict:
    """Territory × theme (quarters as rows: a charter has a few themes but may have many quarters): actions
    of the scope's sheets (published ones for the public), the share finished, the late ones."""
    actions = Action.objects.filter(sheet__charter=scope.charter).filter(action_filter(scope))
    if scope.public:
        actions = actions.filter(sheet__is_published=True)
    if scope.theme is not None:
        actions = actions.filter(sheet__theme=scope.theme)
    counts = actions.theme_territory_counts(scope.today)
    rows = []
    for territory_id, name in [(t.pk, t.name) for t in territories] + [(None, ALL_TERRITORIES)]:
        cells = []
        for theme in themes:
            cell = counts.get((theme.pk, territory_id))
            cells.append(dict(cell, share=round(100 * cell["finished"] / cell["count"])) if cell else None)
        rows.append((name, cells))
    return {"columns": themes, "rows": rows}


def _findings_section(scope, blocks: dict[int, SheetBlock]) -> dict:
    found = findings(scope)
    for row in (
        found.order_by()
        .values("sheet_key")
        .annotate(n=Count("pk"), late=Count("pk", filter=finding_late_q(scope.today)))
    ):
        block = blocks.get(row["sheet_key"])
        if block is not None:
            block.finding_count, block.finding_late = row["n"], row["late"]
    by_category = delay_rows(found, by=("category",), today=scope.today)
    listed = found.select_related("category", "territory", "residence__landlord", "assigned_to")
    listed = (
        listed.late_first(scope.today)[:FINDINGS_LISTED]
        if not scope.public
        else listed.order_by("-observed_at", "-pk")[:FINDINGS_LISTED]
    )
    listed = list(listed)
    counts = found.order_by().aggregate(
        count=Count("pk"),
        open=Count("pk", filter=Q(state__in=OPEN_STATES)),
        late=Count("pk", filter=finding_late_q(scope.today)),
    )
    section = {
        "by_category": by_category,
        "total": total(by_category),
        "listed": listed,
        "counts": counts,
        "more": max(counts["count"] - len(listed), 0),
    }
    if not scope.public:
        by_organisation = delay_rows(found, by=("organisation",), today=scope.today)
        section["by_organisation"] = by_organisation
    return section


def gather(scope) -> dict:
    """The context of the synthesis template for `scope`."""
    charter = scope.charter
    sheet_list = list(sheets(scope))
    blocks = {sheet.pk: SheetBlock(sheet=sheet) for sheet in sheet_list}
    actions = _actions(scope).filter(sheet__in=list(blocks))
    _action_lists(scope, blocks, actions)
    if not scope.public:
        _charts(scope, blocks, actions)
        _journal(scope, blocks, actions)
    _decisions(scope, blocks, actions)
    funding_summary = _funding(scope, blocks)
    themes = [scope.theme] if scope.theme is not None else list(charter.themes.all())
    territories = [scope.territory] if scope.territory is not None else list(charter.territories.all())
    return {
        "scope": scope,
        "charter": charter,
        "signatures": list(charter.signatures.select_related("organisation")),
        "blocks": [blocks[sheet.pk] for sheet in sheet_list],
        "matrix": _matrix(scope, themes, territories),
        "findings": _findings_section(scope, blocks),
        "funding": funding_summary,
        "funding_total": sum((year["total"] for year in funding_summary), start=0),
        "public": scope.public,
        "today": scope.today,
    }
