"""Where a committee's yearly duty stands, year by year (section VI: « le comité technique préparera
annuellement la partie « GUSP » de l'appel à projet du CUCS »).

`duty_years` is the one function that answers; the committee page calls it.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class DutyYear:
    """One year of a yearly duty: due by `due_on`; `completion` when it was recorded as done.

    `state`: "done" (done by its due day), "done_late" (done after it), "late" (not done and its due day
    has passed), "due" (not done yet, due day still to come)."""

    year: int
    due_on: dt.date
    completion: object | None
    state: str

    @property
    def is_done(self) -> bool:
        return self.completion is not None


def due_date(duty, year: int) -> dt.date:
    """The duty's due day in `year`: its month and day, the day brought back to the month's last day when
    the month is shorter (31 June is 30 June, 29 February of a common year is 28 February)."""
    last = calendar.monthrange(year, duty.due_month)[1]
    return dt.date(year, duty.due_month, min(duty.due_day, last))


def duty_years(duty, *, today: dt.date | None = None) -> list[DutyYear]:
    """The duty over its charter's period, one entry per calendar year from the year the charter starts to
    the year it ends (amendments included: `charter.current_end`). A completion recorded for a year outside
    the period is not shown.

    Reads `duty.committee.charter` (with its amendments) and `duty.completions.all()`: prefetch them when
    calling it for several duties."""
    today = today or timezone.localdate()
    charter = duty.committee.charter
    completions = {completion.year: completion for completion in duty.completions.all()}
    years = []
    for year in range(charter.starts_on.year, charter.current_end.year + 1):
        due_on = due_date(duty, year)
        completion = completions.get(year)
        if completion is not None:
            state = "done" if completion.done_on <= due_on else "done_late"
        else:
            state = "late" if due_on < today else "due"
        years.append(DutyYear(year=year, due_on=due_on, completion=completion, state=state))
    return years
