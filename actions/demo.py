"""Loads a charter data folder's action plan (charter/data/README.md): the project sheets of its list
(facts/sheets.yaml, Annex V for Vitrolles) with the orientations they come under, and the worked sheets,
field by field (facts/worked-sheets.yaml, Annex VI), then the demonstration records (demo/actions.yaml):
the worked sheets' state, a few actions, journal entries and indicator measurements. Every demonstration
record is marked `is_demo` (and a sheet whose state it sets `demo_state`): the pages show a
« démonstration » badge next to it; actions and indicators also carry DEMO_NOTE in their text.

Loading is idempotent (`gusp.core.loading.upsert`): loading twice writes nothing the second time."""

from decimal import Decimal
from pathlib import Path

from django.db import transaction

from charter.data import VITROLLES_2007, charter_slug, read
from charter.models import Charter, Organisation, Residence, User
from gusp.core.loading import upsert

from .models import Action, Indicator, Intervention, Measurement, Milestone, ProjectSheet

# The mark of every action and indicator the demonstration data makes: they are not in the charter.
DEMO_NOTE = "Donnée de démonstration (ne figure pas dans la charte)."

# The worked sheets' text fields, copied as they are from facts/worked-sheets.yaml.
SHEET_TEXT_FIELDS = [
    "place_note",
    "findings",
    "expected_results",
    "description",
    "lead_note",
    "partners_note",
    "means",
    "funding_sources",
    "tools",
    "evaluation",
    "feasibility",
]


def sheet_list(data_dir: Path = VITROLLES_2007) -> list[dict]:
    """The sheets of the folder's list, in order: `number`, `theme` (code), `sub_theme` (title or None),
    `title`, `orientations` (references « <theme code>-<rank> », possibly none)."""
    data = read(data_dir, "facts/sheets.yaml")
    orientations = data.get("orientations") or {}
    return [
        {
            "number": number,
            "theme": group["theme"],
            "sub_theme": group.get("sub_theme"),
            "title": title,
            "orientations": orientations.get(number, []),
        }
        for group in data.get("groups", [])
        for number, title in group["sheets"].items()
    ]


def worked_sheets(data_dir: Path = VITROLLES_2007) -> dict[int, dict]:
    """The worked sheets of the folder, by number, as the values the loader gives the sheet: its text
    fields, `lead` (an organisation slug or None), `partners` (slugs), `schedule_note` and `milestones`
    ((due_on, label) pairs: the schedule items that carry a date)."""
    sheets = {}
    for number, row in read(data_dir, "facts/worked-sheets.yaml").items():
        schedule = row.get("schedule", [])
        sheets[number] = {field: row.get(field, "") for field in SHEET_TEXT_FIELDS} | {
            "charter_note": row.get("charter_note", ""),
            "all_territories": row.get("all_territories", False),
            "lead": row.get("lead"),
            "partners": row.get("partners", []),
            "schedule_note": "\n".join(item["text"] for item in schedule if not item.get("due_on")),
            "milestones": [(item["due_on"], item["text"]) for item in schedule if item.get("due_on")],
        }
    return sheets


@transaction.atomic
def load(data_dir: Path, *, password: str | None = None) -> None:
    """Load the folder's sheets, then its demonstration records. (`password` is for the accounts, which
    charter.demo.load makes.)"""
    charter = Charter.objects.get(slug=charter_slug(data_dir))
    organisations = {organisation.slug: organisation for organisation in Organisation.objects.all()}
    sheets = load_sheets(data_dir, charter, organisations)
    load_demo_records(read(data_dir, "demo/actions.yaml"), charter, sheets, organisations)


def load_sheets(data_dir: Path, charter: Charter, organisations) -> dict[int, ProjectSheet]:
    themes = {theme.code: theme for theme in charter.themes.prefetch_related("sub_themes", "orientations")}
    orientations = {
        orientation.reference: orientation
        for theme in themes.values()
        for orientation in theme.orientations.all()
    }
    worked = worked_sheets(data_dir)
    sheets = {}
    for row in sheet_list(data_dir):
        theme = themes[row["theme"]]
        sub_theme = next((s for s in theme.sub_themes.all() if s.title == row["sub_theme"]), None)
        values = {"title": row["title"], "theme": theme, "sub_theme": sub_theme}
        fields = worked.get(row["number"])
        if fields:
            values |= {
                field: fields[field]
                for field in [*SHEET_TEXT_FIELDS, "charter_note", "schedule_note", "all_territories"]
            }
            values["lead"] = organisations[fields["lead"]] if fields["lead"] else None
        sheet = upsert(ProjectSheet, {"charter": charter, "number": row["number"]}, values)
        wanted = {orientations[reference].pk for reference in row["orientations"]}
        if set(sheet.orientations.values_list("pk", flat=True)) != wanted:
            sheet.orientations.set(wanted)
        if fields:
            wanted = {organisations[slug].pk for slug in fields["partners"]}
            if set(sheet.partners.values_list("pk", flat=True)) != wanted:
                sheet.partners.set(wanted)
            labels = [label for _due_on, label in fields["milestones"]]
            sheet.milestones.exclude(label__in=labels).delete()
            for due_on, label in fields["milestones"]:
                upsert(Milestone, {"sheet": sheet, "label": label}, {"due_on": due_on})
        sheets[row["number"]] = sheet
    return sheets


def load_demo_records(data: dict, charter: Charter, sheets, organisations) -> None:
    """The demonstration records of demo/actions.yaml (nothing when the folder has none)."""
    state = data.get("sheets")
    if state:
        for number in state["numbers"]:
            upsert(
                ProjectSheet,
                {"charter": charter, "number": number},
                {"status": state["status"], "is_published": state["is_published"], "demo_state": True},
            )
        Milestone.objects.filter(
            sheet__charter=charter, due_on__lt=state["milestones_done_before"], done=False
        ).update(done=True)

    territories = {territory.slug: territory for territory in charter.territories.all()}
    residences = {
        (residence.landlord.slug, residence.name): residence
        for residence in Residence.objects.in_charter(charter).select_related("landlord")
    }
    indicators = {}
    for key, row in data.get("indicators", {}).items():
        indicator = upsert(
            Indicator,
            {"charter": charter, "name": row["name"]},
            {
                "unit": row["unit"],
                "direction": row["direction"],
                "target": decimal_or_none(row.get("target")),
                "description": f"{row['description']} {DEMO_NOTE}".lstrip(),
                "is_demo": True,
            },
        )
        for measurement in row.get("measurements", []):
            upsert(
                Measurement,
                {
                    "indicator": indicator,
                    "territory": territories.get(measurement["territory"]),
                    "measured_on": measurement["measured_on"],
                },
                {"value": Decimal(measurement["value"]), "is_demo": True},
            )
        indicators[key] = indicator

    for row in data.get("actions", []):
        action = upsert(
            Action,
            {"sheet": sheets[row["sheet"]], "title": row["title"]},
            {
                "lead": organisations[row["lead"]],
                "territory": territories.get(row.get("territory")),
                "starts_on": row["starts_on"],
                "due_on": row["due_on"],
                "status": row["status"],
                "progress": row["progress"],
                "description": DEMO_NOTE,
                "is_demo": True,
            },
        )
        for relation, wanted in [
            ("partners", {organisations[slug].pk for slug in row.get("partners", [])}),
            ("residences", {residences[r["landlord"], r["name"]].pk for r in row.get("residences", [])}),
            ("indicators", {indicators[key].pk for key in row.get("indicators", [])}),
        ]:
            manager = getattr(action, relation)
            if set(manager.values_list("pk", flat=True)) != wanted:
                manager.set(wanted)
        load_journal(action, row.get("journal", []), residences)


def load_journal(action: Action, entries: list[dict], residences) -> None:
    """Journal entries written by demonstration accounts; skipped when the author has no account."""
    authors = {
        user.username: user for user in User.objects.filter(username__in={e["author"] for e in entries})
    }
    for entry in entries:
        author = authors.get(entry["author"])
        if author is None:
            continue
        residence = entry.get("residence")
        upsert(
            Intervention,
            {"action": action, "done_on": entry["done_on"], "text": entry["text"]},
            {
                "author": author,
                "organisation": author.organisation,
                "residence": residences[residence["landlord"], residence["name"]] if residence else None,
                "hours": decimal_or_none(entry.get("hours")),
                "is_demo": True,
            },
        )


def decimal_or_none(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))
