"""Loads the field half of a present-day example folder (charter/data/README.md), after
`diagnostics.demo.load` (settings `GUSP_DATA_LOADERS`):

- demo/surveys.yaml: the landlords' satisfaction surveys, their questions and results;
- demo/walks.yaml: walking diagnostics on the platform's bimonthly plan, with their findings and the checks
  of the next walk, through `diagnostics.demo.load_demo` (the services, `is_demo`).

Dates are relative to the day of loading, so that the example stays live: a survey's date is written
« J-620 » (620 days before today); a walk falls on the plan's days (e.g. the third Tuesday of even months)
and the two latest before today are walked, with their findings timed from the walk's day (« +1 10:00 »: the
next day at 10:00) — steps still in the future are left for the next loading to skip (a finding is made
once). Loading the same day twice writes nothing; loading on a later day adds the walks due since (a sector
is walked every two months) and moves the surveys' dates along with today.

Nothing happens for a folder without these files (the Vitrolles charter)."""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from charter.data import charter_slug, read
from charter.models import Charter, Organisation, Residence
from gusp.core.loading import upsert

from .. import demo as diagnostics_demo
from .models import SatisfactionSurvey, SurveyQuestion, SurveyResult

RELATIVE = re.compile(r"^J(?P<days>[+-]\d+)?$")
OFFSET = re.compile(r"^\+(?P<days>\d+)(?: (?P<time>\d{2}:\d{2}))?$")


def relative_day(value, today: dt.date) -> dt.date:
    """« J-620 » → 620 days before `today`; a date is kept."""
    if isinstance(value, dt.date):
        return value
    match = RELATIVE.match(str(value).strip())
    if match is None:
        raise ValueError(f"Date relative illisible : {value!r} (attendu « J-12 », « J+3 » ou « J »).")
    return today + dt.timedelta(days=int(match["days"] or 0))


@transaction.atomic
def load(data_dir: Path, *, password: str | None = None) -> None:
    charter = Charter.objects.filter(slug=charter_slug(data_dir)).first()
    surveys = read(data_dir, "demo/surveys.yaml")
    walks = read(data_dir, "demo/walks.yaml")
    if charter is None or not (surveys or walks):
        return
    today = timezone.localdate()
    load_surveys(surveys.get("surveys", []), charter, today)
    if walks:
        load_walks(walks, charter, today)


def load_surveys(rows: list[dict], charter: Charter, today: dt.date) -> None:
    organisations = {o.slug: o for o in Organisation.objects.all()}
    residences = {
        (r.landlord.slug, r.name): r for r in Residence.objects.in_charter(charter).select_related("landlord")
    }
    for row in rows:
        landlord = organisations[row["landlord"]]
        survey = upsert(
            SatisfactionSurvey,
            {"charter": charter, "landlord": landlord, "title": row["title"]},
            {
                "conducted_on": relative_day(row["date"], today),
                "method": row["method"],
                "sample_size": row["sample_size"],
                "respondents": row["respondents"],
                "provider": row.get("provider", ""),
                "note": row.get("note", ""),
                "is_demo": True,
            },
        )
        survey.full_clean()  # the example keeps the platform's rules
        wanted = {residences[(row["landlord"], name)].pk for name in row["residences"]}
        if set(survey.residences.values_list("pk", flat=True)) != wanted:
            survey.residences.set(wanted)
        for order, item in enumerate(row.get("questions", []), start=1):
            question = upsert(
                SurveyQuestion,
                {"survey": survey, "text": item["text"]},
                {"theme": item["theme"], "order": order},
            )
            for name, percent in item["results"].items():
                residence = None if name == "ensemble" else residences[(row["landlord"], name)]
                upsert(
                    SurveyResult,
                    {"question": question, "residence": residence},
                    {"satisfied_percent": Decimal(str(percent))},
                )


def walk_days(plan: dict, today: dt.date) -> list[dt.date]:
    """The `count` latest days of the plan (`weekday`, 0 = Monday, `position`-th of `months`) strictly before
    yesterday, oldest first: a walk of yesterday or today may still be under way."""
    days = []
    month = today.replace(day=1)
    while len(days) < plan["count"] and month.year >= today.year - 3:
        if month.month in plan["months"]:
            first = month
            shift = (plan["weekday"] - first.weekday()) % 7
            day = first + dt.timedelta(days=shift + 7 * (plan["position"] - 1))
            if day.month == month.month and day < today - dt.timedelta(days=1):
                days.append(day)
        month -= relativedelta(months=1)
    return sorted(days)


def _at(day: dt.date, offset: str, default_time: str = "09:30") -> str:
    """« +1 10:00 » from `day` → the ISO date and time; « +0 » the walk's day."""
    match = OFFSET.match(str(offset).strip())
    if match is None:
        raise ValueError(f"Décalage illisible : {offset!r} (attendu « +1 10:00 »).")
    moment = day + dt.timedelta(days=int(match["days"]))
    return f"{moment.isoformat()}T{match['time'] or default_time}"


def load_walks(data: dict, charter: Charter, today: dt.date) -> None:
    """Each sector's walks on the plan's latest days, with their findings; a walk checks the previous one's."""
    now = timezone.localtime().replace(tzinfo=None)
    days = walk_days(data["plan"], today)
    walks = []
    for sector in data["sectors"]:
        previous = None
        for day in days:
            findings = []
            for item in sector["findings"]:
                at = _at(day, item["at"])
                steps = [
                    [when, state, account]
                    for when, state, account in ((_at(day, s[0]), s[1], s[2]) for s in item.get("steps", []))
                    if dt.datetime.fromisoformat(when) < now
                ]
                findings.append(
                    {k: v for k, v in item.items() if k not in {"at", "steps", "key", "check"}}
                    | {"key": f"{sector['key']}-{day:%Y%m%d}-{item['key']}", "at": at, "steps": steps}
                )
            checks = []
            if previous is not None:
                checks = [
                    [f"{sector['key']}-{previous:%Y%m%d}-{item['key']}", item["check"], sector["checker"]]
                    for item in sector["findings"]
                    if item.get("check")
                ]
            walks.append(
                {k: v for k, v in sector.items() if k not in {"findings", "key", "checker"}}
                | {"date": day, "findings": findings, "checks": checks}
            )
            previous = day
    diagnostics_demo.load_demo(Path("."), {"walks": walks}, charter)
