"""The years a charter's funding may be recorded for: its period, amendments included."""

from django.utils import timezone


def charter_years(charter) -> range:
    """From the charter's first year to the last year of its latest amendment (`Charter.current_end`)."""
    return range(charter.starts_on.year, charter.current_end.year + 1)


def period_label(years: range) -> str:
    return f"{years.start} à {years.stop - 1}"


def default_year(years: range, today=None) -> int:
    """The current year when it lies in the period, else the period's nearest end."""
    year = (today or timezone.localdate()).year
    return min(max(year, years.start), years.stop - 1)
