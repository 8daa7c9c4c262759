"""Loads a charter data folder's steering and animation bodies (charter/data/README.md): the committees,
their seats and yearly duties (facts/committees.yaml: section VI and Annex IV for Vitrolles), one working
group per priority theme, then the demonstration records (demo/governance.yaml): the seats the
demonstration accounts hold, among them the `comite` account as rapporteur of working group A, and the 2007
meetings with their agendas, attendance, minutes and decisions. Every demonstration record is marked
`is_demo`: the pages show a « démonstration » badge next to it.

Loading is idempotent (`gusp.core.loading.upsert`): loading twice writes nothing the second time."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction

from actions.models import ProjectSheet
from charter.data import charter_slug, read
from charter.models import Charter, Organisation, User
from gusp.core.loading import upsert

from .models import (
    AgendaItem,
    Attendance,
    Committee,
    CommitteeDuty,
    CommitteeMember,
    Decision,
    Meeting,
    MemberRole,
    Minutes,
)
from .planning import year_plan


@transaction.atomic
def load(data_dir: Path, *, password: str | None = None) -> None:
    """Load the folder's committees, then its demonstration records. (`password` is for the accounts,
    which charter.demo.load makes.)"""
    charter = Charter.objects.get(slug=charter_slug(data_dir))
    organisations = {organisation.slug: organisation for organisation in Organisation.objects.all()}
    committees = load_committees(read(data_dir, "facts/committees.yaml"), charter, organisations)
    demo = read(data_dir, "demo/governance.yaml")
    load_demo_seats(demo.get("seats", []), committees, organisations)
    load_meetings(demo, charter, committees)


def load_committees(data: dict, charter: Charter, organisations) -> dict[str, Committee]:
    """The committees by key: the keys of facts/committees.yaml, and `<key>-<theme code>` for a committee
    made once per priority theme (`per_theme`: the working groups)."""
    committees = {}
    for key, row in data.get("committees", {}).items():
        values = {
            name: value for name, value in row.items() if name not in {"kind", "seats", "per_theme", "duties"}
        }
        if row.get("per_theme"):
            for theme in charter.themes.all():
                committees[f"{key}-{theme.code}"] = upsert(
                    Committee,
                    {"charter": charter, "kind": row["kind"], "theme": theme},
                    values | {"name": row["name"].format(code=theme.code, title=theme.title)},
                )
            continue
        committee = upsert(Committee, {"charter": charter, "kind": row["kind"]}, values)
        for seat in row.get("seats", []):
            upsert(
                CommitteeMember,
                {
                    "committee": committee,
                    "organisation": organisations[seat["organisation"]],
                    "full_name": seat.get("full_name", ""),
                },
                {"position": seat.get("position", ""), "role": seat.get("role", MemberRole.MEMBER)},
            )
        for order, duty in enumerate(row.get("duties", []), start=1):
            upsert(
                CommitteeDuty,
                {"committee": committee, "order": order},
                {
                    "title": duty["title"],
                    "text": duty.get("text", ""),
                    "due_month": duty.get("due_month", 12),
                    "due_day": duty.get("due_day", 31),
                    "due_note": duty.get("due_note", ""),
                },
            )
        committees[key] = committee
    return committees


def load_demo_seats(seats: list[dict], committees, organisations) -> None:
    """Seats held by demonstration accounts: an existing seat gets its account, a new one is made."""
    users = {user.username: user for user in User.objects.filter(username__in={s["user"] for s in seats})}
    for seat in seats:
        values = {name: seat[name] for name in ["position", "role"] if name in seat}
        upsert(
            CommitteeMember,
            {
                "committee": committees[seat["committee"]],
                "organisation": organisations[seat["organisation"]],
                "full_name": seat.get("full_name", ""),
            },
            {**values, "user": users.get(seat["user"]), "is_demo": True},
        )


def load_meetings(demo: dict, charter: Charter, committees) -> None:
    """The demonstration meetings (nothing when the folder has none)."""
    meetings = demo.get("meetings", [])
    if not meetings:
        return
    zone = ZoneInfo(demo["timezone"])
    sheets = {sheet.number: sheet for sheet in ProjectSheet.objects.filter(charter=charter)}
    for row in meetings:
        committee = committees[row["committee"]]
        if "plan" in row:
            plan = year_plan(**row["plan"], period_start=charter.starts_on, period_end=charter.current_end)
            days = plan.dates
        else:
            days = [row["date"]]
        for day in days:
            values = {"status": row["status"], "sequence": 0} | row.get("except", {}).get(day, {})
            meeting = upsert(
                Meeting,
                {"committee": committee, "starts_at": at(day, row["starts"], zone)},
                {
                    "ends_at": at(day, row["ends"], zone),
                    "place": row["place"],
                    "subject": row.get("subject", ""),
                    "is_demo": True,
                    **values,
                },
            )
            load_meeting_records(meeting, row, sheets, zone)


def load_meeting_records(meeting: Meeting, row: dict, sheets, zone: ZoneInfo) -> None:
    for order, item in enumerate(row.get("agenda", []), start=1):
        upsert(
            AgendaItem,
            {"meeting": meeting, "order": order},
            {"title": item["title"], "sheet": sheets.get(item.get("sheet")), "is_demo": True},
        )
    for attendance in row.get("attendance", []):
        seats = meeting.committee.members.all()
        if "role" in attendance:
            seats = seats.filter(role=attendance["role"])
        if "organisation" in attendance:
            seats = seats.filter(organisation__slug=attendance["organisation"])
        for seat in seats:
            upsert(
                Attendance,
                {"meeting": meeting, "member": seat},
                {"status": attendance["status"], "is_demo": True},
            )
    minutes = row.get("minutes")
    if minutes:
        values = {"text": minutes["text"], "is_demo": True}
        if minutes.get("published_at"):
            values["published_at"] = dt.datetime.fromisoformat(minutes["published_at"]).replace(tzinfo=zone)
        upsert(Minutes, {"meeting": meeting}, values)
    for order, decision_row in enumerate(row.get("decisions", []), start=1):
        decision = upsert(
            Decision, {"meeting": meeting, "order": order}, {"text": decision_row["text"], "is_demo": True}
        )
        wanted = {sheets[number].pk for number in decision_row.get("sheets", []) if number in sheets}
        if not wanted <= set(decision.sheets.values_list("pk", flat=True)):
            decision.sheets.add(*wanted)


def at(day: dt.date, time: str, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(time), tzinfo=zone)
