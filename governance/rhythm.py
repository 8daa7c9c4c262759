"""The rhythm of a committee: does it meet as often as the charter asks (section VI)?

`committee_rhythm` is the one function that answers; the committee pages, the badges of the committee
list and the daily reminder all call it.
"""

import datetime as dt
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.utils import timezone

# A committee is "about to miss" its rhythm when its next due date is this close and nothing is planned.
WARNING_DAYS = 30


@dataclass(frozen=True)
class Shortfall:
    """A meeting that should have been held by `due_on`. `met_on` is the day the committee finally met
    (a late meeting), None while it is still missing."""

    due_on: dt.date
    met_on: dt.date | None = None


@dataclass(frozen=True)
class Rhythm:
    rule: str
    period_start: dt.date
    period_end: dt.date
    today: dt.date
    counted: int = 0
    next_due: dt.date | None = None
    next_planned: dt.date | None = None
    shortfalls: list[Shortfall] = field(default_factory=list)
    about_to_miss: bool = False

    @property
    def has_rule(self) -> bool:
        return bool(self.rule)

    @property
    def is_kept(self) -> bool:
        return not self.shortfalls

    @property
    def is_overdue(self) -> bool:
        """Overdue now: a meeting is due since a day already passed and none has been held since.
        (Not to be confused with `status == "missed"`: the rhythm was missed at least once.)"""
        return self.next_due is not None and self.next_due < self.today

    @property
    def missing(self) -> list[Shortfall]:
        return [s for s in self.shortfalls if s.met_on is None]

    @property
    def status(self) -> str:
        """For badges: "none" (no rule), "missed" (a due date was missed at least once in the period, even
        if the committee has met since), "soon" (about to miss the next one), "ok"."""
        if not self.has_rule:
            return "none"
        if self.shortfalls:
            return "missed"
        return "soon" if self.about_to_miss else "ok"


def rule_label(committee) -> str:
    parts = []
    if committee.min_meetings_per_year:
        n = committee.min_meetings_per_year
        parts.append(f"au moins {n} réunion{'s' if n > 1 else ''} par an")
    if committee.max_months_between_meetings:
        months = committee.max_months_between_meetings
        parts.append("au moins une réunion " + ("par mois" if months == 1 else f"tous les {months} mois"))
    return " et ".join(parts)


def _end_of_month(day: dt.date, months: int) -> dt.date:
    """The last day of the month `months` after `day`'s month."""
    return day + relativedelta(months=months, day=31)


def committee_rhythm(committee, *, today: dt.date | None = None) -> Rhythm:
    """Whether `committee` keeps its minimum rhythm over its charter's period, from `charter.starts_on`
    to `charter.current_end` (amendments included), seen on `today`.

    - Every meeting counts except cancelled ones (a planned meeting whose day has passed counts as
      held; it is up to the coordinator to mark it cancelled). Meetings outside the period do not count.
    - "At least one meeting every N months" is counted in calendar months, as a bimonthly rhythm is
      read ("le deuxième mardi des mois impairs" keeps it): a meeting in month M makes the next one due
      by the last day of month M + N, and the period's start makes the first one due by the last day of
      its month + N. Each due date passed without a meeting is a shortfall (one per missed interval), met
      by the late meeting that finally took place, or still missing.
    - "At least N meetings a year": counted per calendar year of the period (a partial first or last
      year asks for N pro rata, rounded); a finished year with fewer meetings has one shortfall per
      missing meeting, due on the year's last day. The current year's last day is its due date while it
      lacks held meetings.
    - `next_due` is the date by which the next meeting must be held (in the past when the committee is
      late, None when nothing more is due in the period); `about_to_miss` says it is less than
      WARNING_DAYS away and no meeting is planned by then.

    Reads `committee.charter` (with its amendments) and `committee.meetings.all()`: prefetch
    `charter__amendments` and `meetings` when calling it for many committees.
    """
    today = today or timezone.localdate()
    charter = committee.charter
    start, end = charter.starts_on, charter.current_end
    rule = rule_label(committee)
    in_period = [
        m
        for m in committee.meetings.all()
        if not m.is_cancelled and m.archived_at is None and start <= m.local_date <= end
    ]
    # A past meeting counts once declared held: a year planned in advance and never held keeps nothing.
    held = sorted(m.local_date for m in in_period if m.is_held and m.local_date <= today)
    planned = sorted(m.local_date for m in in_period if not m.is_held and m.local_date > today)
    dates = sorted(held + planned)
    if not rule:
        return Rhythm(rule="", period_start=start, period_end=end, counted=len(dates), today=today)

    shortfalls: list[Shortfall] = []
    dues: list[tuple[dt.date, bool]] = []  # (due date, whether planned meetings already cover it)

    if committee.max_months_between_meetings:
        step = committee.max_months_between_meetings
        anchor = start
        for met_on in held:
            k = 1
            while (due := _end_of_month(anchor, step * k)) < met_on:
                shortfalls.append(Shortfall(due_on=due, met_on=met_on))
                k += 1
            anchor = met_on
        k = 1
        while (due := _end_of_month(anchor, step * k)) < today and due <= end:
            shortfalls.append(Shortfall(due_on=due))
            k += 1
        next_due = _end_of_month(anchor, step)
        if today <= end and next_due <= end:
            dues.append((next_due, any(d <= next_due for d in planned)))

    if committee.min_meetings_per_year:
        per_year = committee.min_meetings_per_year
        for year in range(start.year, end.year + 1):
            first, last = max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31))
            days_in_year = (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days
            required = int(per_year * ((last - first).days + 1) / days_in_year + 0.5)
            held_in_year = sum(first <= d <= last for d in held)
            if held_in_year >= required:
                continue
            if last < today:
                shortfalls.extend(Shortfall(due_on=last) for _ in range(required - held_in_year))
            else:
                planned_in_year = sum(first <= d <= last for d in planned)
                dues.append((last, held_in_year + planned_in_year >= required))
                break

    next_due = min((due for due, _ in dues), default=None)
    about_to_miss = any(
        today <= due <= today + dt.timedelta(days=WARNING_DAYS) and not covered for due, covered in dues
    )
    return Rhythm(
        rule=rule,
        period_start=start,
        period_end=end,
        counted=len(dates),
        next_due=next_due,
        next_planned=planned[0] if planned else None,
        shortfalls=sorted(shortfalls, key=lambda s: s.due_on),
        about_to_miss=about_to_miss,
        today=today,
    )
