"""Planning a year of meetings at once from a recurrence rule ("every second Tuesday of odd months"),
with python-dateutil's rrule, skipping French public holidays (the `holidays` library)."""

import datetime as dt
from dataclasses import dataclass

import holidays
from dateutil.rrule import FR, MO, MONTHLY, TH, TU, WE, rrule, rruleset

WEEKDAYS = [(0, "lundi"), (1, "mardi"), (2, "mercredi"), (3, "jeudi"), (4, "vendredi")]
POSITIONS = [(1, "1er"), (2, "2e"), (3, "3e"), (4, "4e"), (5, "5e"), (-1, "dernier")]
MONTHS = [
    (1, "janvier"),
    (2, "février"),
    (3, "mars"),
    (4, "avril"),
    (5, "mai"),
    (6, "juin"),
    (7, "juillet"),
    (8, "août"),
    (9, "septembre"),
    (10, "octobre"),
    (11, "novembre"),
    (12, "décembre"),
]
_RRULE_WEEKDAYS = [MO, TU, WE, TH, FR]


@dataclass(frozen=True)
class YearPlan:
    """The days a rule gives in a year: `dates` to plan; `holidays` (day, name) and `taken` (a meeting
    of the committee already that day) were skipped; `outside` days fall outside the charter's period."""

    dates: list[dt.date]
    holidays: list[tuple[dt.date, str]]
    taken: list[dt.date]
    outside: list[dt.date]


def year_plan(
    *,
    year: int,
    months: list[int],
    weekday: int,
    position: int,
    period_start: dt.date,
    period_end: dt.date,
    taken=(),
) -> YearPlan:
    """The `position`-th `weekday` (0 = Monday; position -1 = the last) of each of `months` in `year`,
    without French public holidays, days already `taken` and days outside the period."""
    rule = rrule(
        MONTHLY,
        dtstart=dt.datetime(year, 1, 1),
        until=dt.datetime(year, 12, 31),
        bymonth=sorted(months),
        byweekday=_RRULE_WEEKDAYS[weekday](position),
    )
    public_holidays = holidays.country_holidays("FR", years=year, language="fr")
    days = rruleset()
    days.rrule(rule)
    for holiday in public_holidays:
        days.exdate(dt.datetime.combine(holiday, dt.time()))
    candidates = [day.date() for day in days]
    taken = set(taken)
    return YearPlan(
        dates=[d for d in candidates if period_start <= d <= period_end and d not in taken],
        holidays=[(d, public_holidays[d]) for d in (day.date() for day in rule) if d in public_holidays],
        taken=[d for d in candidates if d in taken],
        outside=[d for d in candidates if not period_start <= d <= period_end],
    )
