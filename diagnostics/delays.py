"""Treatment delays, the figures the charter asks for (« réactivité et traitement en temps réel des
dysfonctionnements », section III): per organisation, category, territory and month of routing,

- `routed`: findings routed (to an organisation) in the group; findings rejected are left out (not the
  organisation's to treat, or duplicates);
- `ack_mean_days` / `ack_median_days`: time from routing to acknowledgement, over those acknowledged;
- `treat_mean_days` / `treat_median_days`: time from routing to treatment, over those treated (a treated
  finding reopened no longer counts as treated until it is treated again);
- `within_target`: treated on or before their due date (routing day + the category's target delay);
- `overdue`: not treated and past their due date today;
- `share_within_target` = within_target / (treated + overdue): the share treated in time among the
  findings whose outcome is known — those still within their delay do not count yet. None when nothing
  is known.

Times are in days (fractions of a day). A finding belongs to the month of its routing in local time
(Europe/Paris): routed on 1 February at 00:30 it is February's, even though it is still 31 January in
UTC. One query reads the rows; the figures are computed here, once."""

import datetime as dt
import statistics
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format

from .choices import OPEN_STATES, FindingState

GROUPS = {
    "organisation": "Organisation",
    "category": "Catégorie",
    "territory": "Quartier",
    "month": "Mois",
}
DAY = 86400.0


@dataclass
class DelayRow:
    key: tuple
    labels: dict
    routed: int = 0
    acknowledged: int = 0
    treated: int = 0
    within_target: int = 0
    overdue: int = 0
    ack_days: list = field(default_factory=list, repr=False)
    treat_days: list = field(default_factory=list, repr=False)

    @staticmethod
    def _mean(values):
        return statistics.fmean(values) if values else None

    @staticmethod
    def _median(values):
        return statistics.median(values) if values else None

    @property
    def ack_mean_days(self):
        return self._mean(self.ack_days)

    @property
    def ack_median_days(self):
        return self._median(self.ack_days)

    @property
    def treat_mean_days(self):
        return self._mean(self.treat_days)

    @property
    def treat_median_days(self):
        return self._median(self.treat_days)

    @property
    def share_within_target(self):
        known = self.treated + self.overdue
        return 100 * self.within_target / known if known else None


FIELDS = (
    "assigned_to_id",
    "assigned_to__short_name",
    "assigned_to__name",
    "category_id",
    "category__label",
    "territory_id",
    "territory__name",
    "routed_at",
    "acknowledged_at",
    "treated_at",
    "due_on",
    "state",
)


def delay_rows(findings, *, by=("organisation",), today: dt.date | None = None) -> list[DelayRow]:
    """The delay figures of `findings` (a Finding queryset, already restricted to what the user sees),
    grouped by the dimensions named in `by` (keys of GROUPS), sorted by labels. One SQL query."""
    today = today or timezone.localdate()
    unknown = [name for name in by if name not in GROUPS]
    if unknown:
        raise ValueError(f"Regroupement inconnu : {unknown}")
    rows: dict[tuple, DelayRow] = {}
    values = (
        findings.filter(routed_at__isnull=False, assigned_to__isnull=False)
        .exclude(state=FindingState.REJECTED)
        .order_by()
        .values_list(*FIELDS)
    )
    for (
        org_id,
        org_short,
        org_name,
        category_id,
        category,
        territory_id,
        territory,
        routed_at,
        acknowledged_at,
        treated_at,
        due_on,
        state,
    ) in values.iterator(chunk_size=2000):
        month = timezone.localtime(routed_at).date().replace(day=1)
        dimensions = {
            "organisation": (org_id, org_short or org_name),
            "category": (category_id, category),
            "territory": (territory_id, territory),
            "month": (month, date_format(month, "F Y")),
        }
        key = tuple(dimensions[name][0] for name in by)
        row = rows.get(key)
        if row is None:
            row = rows[key] = DelayRow(key=key, labels={name: dimensions[name][1] for name in by})
        row.routed += 1
        if acknowledged_at is not None:
            row.acknowledged += 1
            row.ack_days.append(max(0.0, (acknowledged_at - routed_at).total_seconds() / DAY))
        if treated_at is not None:
            row.treated += 1
            row.treat_days.append(max(0.0, (treated_at - routed_at).total_seconds() / DAY))
            if due_on is not None and timezone.localdate(treated_at) <= due_on:
                row.within_target += 1
        elif state in OPEN_STATES and due_on is not None and due_on < today:
            row.overdue += 1

    def order(row):
        return tuple(
            row.key[i] if name == "month" else str(row.labels[name]).lower() for i, name in enumerate(by)
        )

    return sorted(rows.values(), key=order)


def total(rows: list[DelayRow]) -> DelayRow:
    """All the rows together (the figures recomputed over every finding, not averaged over rows)."""
    whole = DelayRow(key=(), labels={})
    for row in rows:
        whole.routed += row.routed
        whole.acknowledged += row.acknowledged
        whole.treated += row.treated
        whole.within_target += row.within_target
        whole.overdue += row.overdue
        whole.ack_days += row.ack_days
        whole.treat_days += row.treat_days
    return whole
