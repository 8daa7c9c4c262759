"""Loads the TFPB programmes of a charter data folder (charter/data/README.md), after `funding.demo.load`
(settings `GUSP_DATA_LOADERS`), and the live records of a present-day example:

- demo/live.yaml (the example's present): the plan's actions with dates relative to today (« J-30 »), so
  that some are late whatever the day; the committees' meetings on their yearly plan (e.g. the second
  Tuesday of January and June) from the first year of the charter to a little after today, held before
  today, planned after — through the loaders of actions and governance (`actions.demo.load_demo_records`,
  `governance.demo.load_meetings`), so the records are theirs and marked as theirs;
- demo/tfpb.yaml: the landlords' conventions, their quarters, the programmes and reports of each year with
  their actions, the partners' comments, and the steering committee's validation: the reports of a year a
  landlord submitted are validated by a decision of the last steering meeting held the next year (made here
  when it exists; otherwise they wait, submitted), and the next steering meeting puts the rest on its agenda.

Every record is marked `is_demo`. A day's meetings and a programme's records are keyed by what does not
move (committee and day; convention, quarter, year, title): loading twice the same day writes nothing, and a
later day only adds the meetings that became due and moves the actions' dates. Nothing happens for a folder
without these files (the Vitrolles charter)."""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from actions import demo as actions_demo
from actions.models import Action, ProjectSheet
from charter.data import charter_slug, read
from charter.models import Charter, Organisation, User
from governance import demo as governance_demo
from governance.planning import year_plan
from gusp.core.loading import upsert

from .choices import STEERING_KIND, ReportState
from .models import ConventionQuarter, TfpbAction, TfpbComment, TfpbConvention, TfpbReport

RELATIVE = re.compile(r"^J(?P<days>[+-]\d+)?$")


def relative_day(value, today: dt.date) -> dt.date:
    """« J-30 » → 30 days before `today`; a date is kept."""
    if isinstance(value, dt.date):
        return value
    match = RELATIVE.match(str(value).strip())
    if match is None:
        raise ValueError(f"Date relative illisible : {value!r} (attendu « J-12 », « J+3 » ou « J »).")
    return today + dt.timedelta(days=int(match["days"] or 0))


def _governance(name: str):
    # Governance's models through the registry: funding reads governance's records, never imports its code.
    return apps.get_model("governance", name)


@transaction.atomic
def load(data_dir: Path, *, password: str | None = None) -> None:
    charter = Charter.objects.filter(slug=charter_slug(data_dir)).first()
    live = read(data_dir, "demo/live.yaml")
    data = read(data_dir, "demo/tfpb.yaml")
    if charter is None or not (live or data):
        return
    today = timezone.localdate()
    if live:
        load_live(live, read(data_dir, "facts/committees.yaml").get("committees", {}), charter, today)
    if data:
        load_programmes(data, charter, today)


# The example's present --------------------------------------------------------------------------------------


def load_live(live: dict, committee_rows: dict, charter: Charter, today: dt.date) -> None:
    organisations = {o.slug: o for o in Organisation.objects.all()}
    sheets = {s.number: s for s in ProjectSheet.objects.filter(charter=charter)}
    actions = []
    for row in live.get("actions", []):
        resolved = dict(
            row, starts_on=relative_day(row["starts_on"], today), due_on=relative_day(row["due_on"], today)
        )
        resolved["journal"] = [
            dict(entry, done_on=relative_day(entry["done_on"], today)) for entry in row.get("journal", [])
        ]
        actions.append(resolved)
    actions_demo.load_demo_records({"actions": actions}, charter, sheets, organisations)

    committees = {
        key: _governance("Committee").objects.get(charter=charter, kind=row["kind"], theme__isnull=True)
        for key, row in committee_rows.items()
        if not row.get("per_theme")
    }
    rows = []
    for plan in live.get("meetings", []):
        last = today + dt.timedelta(days=plan.get("ahead_days", 90))
        for year in range(max(plan["from_year"], charter.starts_on.year), last.year + 1):
            days = year_plan(
                year=year,
                months=plan["months"],
                weekday=plan["weekday"],
                position=plan["position"],
                period_start=charter.starts_on,
                period_end=charter.current_end,
            ).dates
            for day in days:
                if day <= last:
                    rows.append(
                        {
                            "committee": plan["committee"],
                            "date": day,
                            "starts": plan["starts"],
                            "ends": plan["ends"],
                            "place": plan["place"],
                            "subject": plan.get("subject", ""),
                            "status": "held" if day < today else "planned",
                        }
                    )
    governance_demo.load_meetings({"timezone": live["timezone"], "meetings": rows}, charter, committees)


# The programmes ---------------------------------------------------------------------------------------------


def _amount(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _steering_meetings(charter: Charter) -> list:
    return list(
        _governance("Meeting")
        .objects.filter(committee__charter=charter, committee__kind=STEERING_KIND)
        .exclude(status="cancelled")
        .order_by("starts_at")
    )


def _validating_meeting(meetings: list, year: int, today: dt.date):
    """The last steering meeting held in `year` + 1 (before today), which validates the reports of `year`."""
    held = [
        m for m in meetings if m.status == "held" and m.local_date.year == year + 1 and m.local_date < today
    ]
    return held[-1] if held else None


def load_programmes(data: dict, charter: Charter, today: dt.date) -> None:
    organisations = {o.slug: o for o in Organisation.objects.all()}
    territories = {t.slug: t for t in charter.territories.all()}
    sheets = {s.number: s for s in ProjectSheet.objects.filter(charter=charter)}
    plan_actions = {a.title: a for a in Action.objects.filter(sheet__charter=charter)}
    users = {
        u.username: u for u in User.objects.filter(organisation__isnull=False).select_related("organisation")
    }
    meetings = _steering_meetings(charter)
    zone = ZoneInfo(data.get("timezone", "Europe/Paris"))
    validation = data.get("validation", {})
    decisions = {}
    reports = {}

    for row in data.get("conventions", []):
        landlord = organisations[row["landlord"]]
        convention = upsert(
            TfpbConvention,
            {"charter": charter, "landlord": landlord, "start_year": row["start_year"]},
            {
                "title": row["title"],
                "reference": row.get("reference", ""),
                "end_year": row["end_year"],
                "signed_on": row.get("signed_on"),
                "note": row.get("note", ""),
                "is_demo": True,
            },
        )
        convention.full_clean()  # the example keeps the platform's rules
        quarters = {}
        for item in row.get("quarters", []):
            quarter = upsert(
                ConventionQuarter,
                {"convention": convention, "territory": territories[item["territory"]]},
                {
                    "dwellings": item["dwellings"],
                    "yearly_abatement": _amount(item.get("yearly_abatement")),
                    "abatement_per_dwelling": _amount(item.get("abatement_per_dwelling")),
                },
            )
            quarter.full_clean()
            quarters[item["territory"]] = quarter
        for year, by_territory in row.get("programmes", {}).items():
            for slug, programme in by_territory.items():
                decision = None
                if programme.get("state") == ReportState.VALIDATED:
                    meeting = _validating_meeting(meetings, year, today)
                    if meeting is not None:
                        decision = decisions.get(meeting.pk) or upsert(
                            _governance("Decision"),
                            {"meeting": meeting, "order": validation.get("order", 1)},
                            {"text": validation["text"], "is_demo": True},
                        )
                        decisions[meeting.pk] = decision
                report = _load_report(programme, quarters[slug], year, decision, sheets, plan_actions, zone)
                report.full_clean()
                reports[(row["landlord"], slug, year)] = report

    for comment in data.get("comments", []):
        author = users[comment["author"]]
        upsert(
            TfpbComment,
            {
                "report": reports[(comment["landlord"], comment["territory"], comment["year"])],
                "author": author,
                "text": comment["text"],
            },
            {"organisation": author.organisation, "is_demo": True},
        )

    upcoming = [m for m in meetings if m.status == "planned" and m.local_date >= today]
    if upcoming:
        for order, title in enumerate(data.get("next_steering_agenda", []), start=1):
            upsert(
                _governance("AgendaItem"),
                {"meeting": upcoming[0], "order": order},
                {"title": title, "is_demo": True},
            )


def _load_report(
    programme: dict, quarter: ConventionQuarter, year: int, decision, sheets, plan_actions, zone
) -> TfpbReport:
    """A programme and report with its actions. A report to validate stays submitted until the steering
    meeting that validates it is held (`decision`)."""
    state = programme.get("state", ReportState.DRAFT)
    if state == ReportState.VALIDATED and decision is None:
        state = ReportState.SUBMITTED
    submitted_at = None
    if state != ReportState.DRAFT and programme.get("submitted_at"):
        submitted_at = dt.datetime.fromisoformat(str(programme["submitted_at"])).replace(tzinfo=zone)
    validated_at = decision.meeting.ends_at if decision is not None else None
    report = upsert(
        TfpbReport,
        {"quarter": quarter, "year": year},
        {
            "abatement": _amount(programme.get("abatement")),
            "account": programme.get("account", ""),
            "state": state,
            "submitted_at": submitted_at,
            "decision": decision,
            "validated_at": validated_at,
            "published_at": validated_at if decision is not None and programme.get("published") else None,
            "is_demo": True,
        },
    )
    for order, item in enumerate(programme.get("actions", []), start=1):
        action = upsert(
            TfpbAction,
            {"report": report, "title": item["title"]},
            {
                "axis": item["axis"],
                "description": item.get("description", ""),
                "planned_amount": _amount(item["planned"]),
                "realised_amount": _amount(item.get("realised")),
                "done_account": item.get("done", ""),
                "sheet": sheets.get(item.get("sheet")),
                "action": plan_actions.get(item["plan_action"]) if item.get("plan_action") else None,
                "order": order,
                "is_demo": True,
            },
        )
        action.full_clean()
        if "answers" in item:
            _answer(action, item["answers"], quarter, year)
    return report


def _answer(action: TfpbAction, answers: list[dict], quarter: ConventionQuarter, year: int) -> None:
    """The demonstration findings of the quarter and year the action answers (by category, and residence)."""
    findings = apps.get_model("diagnostics", "Finding").objects.filter(
        charter=quarter.convention.charter_id,
        territory=quarter.territory_id,
        is_demo=True,
        observed_at__year=year,
    )
    wanted = set()
    for answer in answers:
        matching = findings.filter(category__code=answer["category"])
        if answer.get("residence"):
            matching = matching.filter(residence__name=answer["residence"])
        wanted |= set(matching.values_list("pk", flat=True))
    if set(action.findings.values_list("pk", flat=True)) != wanted:
        action.findings.set(wanted)
