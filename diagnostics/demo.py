"""Loads the field half of a charter data folder (`GUSP_DATA_LOADERS`):

- the default configuration (diagnostics/data/default-grid.yaml, the platform's suggestion, not the
  charter's text): the grid of categories with their target delays and the routing rules. Only what is
  missing is created: a coordinator's changes survive a reload;
- the demonstration data of the charter (diagnostics/data/<charter slug>/demo.yaml), marked as such
  wherever it shows: approximate perimeters of the quarters, walking diagnostics with their team,
  findings and how they were treated, the checks of the next walk, and a report awaiting moderation.

Everything goes through the services; loading twice creates nothing the second time (findings are keyed
by an id made from their `key`)."""

import datetime as dt
import hashlib
import json
import uuid
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from charter.data import charter_slug, read
from charter.models import Charter, Organisation, Residence, User

from . import services
from .choices import Assignee, PlaceKind, Source
from .data import DATA_DIR, DEFAULT_GRID
from .models import Category, Finding, Report, RoutingRule, WalkCheck, WalkingDiagnostic, WalkMember

DEMO_NAMESPACE = uuid.UUID("6f1c1e52-3d5e-4f61-9c1e-7a0d3b8f2a10")


@transaction.atomic
def load(data_dir: Path, *, password: str | None = None) -> None:
    charter = Charter.objects.get(slug=charter_slug(data_dir))
    load_grid(charter)
    folder = DATA_DIR / charter.slug
    demo = read(folder, "demo.yaml")
    if demo:
        load_demo(folder, demo, charter)


def load_grid(charter: Charter, path: Path = DEFAULT_GRID) -> dict[str, Category]:
    """Create the categories and routing rules of the default configuration that the charter lacks."""
    grid = read(path.parent, path.name)
    sheets = {sheet.number: sheet for sheet in charter.project_sheets.all()}
    categories = {c.code: c for c in Category.objects.filter(charter=charter)}
    for order, row in enumerate(grid.get("categories", []), start=1):
        if row["code"] not in categories:
            categories[row["code"]] = services.save_category(
                category=Category(
                    charter=charter,
                    code=row["code"],
                    label=row["label"],
                    description=row.get("description", ""),
                    target_days=row["target_days"],
                    sheet=sheets.get(row.get("sheet")),
                    order=order * 10,
                )
            )
    partners = list(Organisation.objects.in_charter(charter).order_by("pk"))
    for row in grid.get("rules", []):
        category = categories.get(row["category"]) if row.get("category") else None
        if RoutingRule.objects.filter(charter=charter, category=category, place_kind=row["place"]).exists():
            continue
        target = row["to"]
        rule = RoutingRule(charter=charter, category=category, place_kind=row["place"])
        if target == "landlord":
            rule.assignee = Assignee.LANDLORD
        else:
            organisation = next((o for o in partners if o.kind == target["kind"]), None)
            if organisation is None:
                continue  # the charter has no partner of that kind: the coordinator routes those by hand
            rule.assignee, rule.organisation, rule.service = (
                Assignee.ORGANISATION,
                organisation,
                target.get("service", ""),
            )
        services.save_rule(rule=rule)
    return categories


def _at(value) -> dt.datetime:
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def demo_client_id(charter: Charter, key: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, f"{charter.slug}:{key}")


def load_demo(folder: Path, data: dict, charter: Charter) -> None:
    perimeters = data.get("perimeters")
    if perimeters:
        collection = json.loads((folder / perimeters["file"]).read_text(encoding="utf-8"))
        services.import_features(
            charter=charter, collection=collection, source=perimeters["source"], is_approximate=True
        )
    users = {
        u.username: u for u in User.objects.filter(organisation__isnull=False).select_related("organisation")
    }
    organisations = {o.slug: o for o in Organisation.objects.all()}
    territories = {t.slug: t for t in charter.territories.all()}
    residences = {
        (r.landlord.slug, r.name): r
        for r in Residence.objects.in_charter(charter).select_related("landlord", "territory")
    }
    categories = {c.code: c for c in Category.objects.filter(charter=charter)}
    findings: dict[str, Finding] = {}
    for row in data.get("walks", []):
        walk = _walk(row, charter, territories, users, organisations)
        for check in row.get("checks", []):
            key, result, account = check
            finding = findings.get(key) or Finding.objects.get(client_id=demo_client_id(charter, key))
            if not WalkCheck.objects.filter(walk=walk, finding=finding).exists():
                services.check_at_walk(
                    walk=walk,
                    finding=finding,
                    result=result,
                    author=users[account],
                    at=_at(f"{walk.planned_on}T{row.get('start', '09:00')}") + dt.timedelta(minutes=20),
                )
        for item in row.get("findings", []):
            findings[item["key"]] = _finding(item, charter, walk, users, residences, categories)
    for item in data.get("reports", []):
        _report(item, charter, territories, residences, categories)


def _walk(row, charter, territories, users, organisations) -> WalkingDiagnostic:
    territory = territories[row["territory"]]
    walk = WalkingDiagnostic.objects.filter(
        charter=charter,
        territory=territory,
        planned_on=row["date"],
        sector=row.get("sector", ""),
        is_demo=True,
    ).first()
    if walk is None:
        walk = services.save_walk(
            walk=WalkingDiagnostic(
                territory=territory,
                sector=row.get("sector", ""),
                planned_on=row["date"],
                start_time=dt.time.fromisoformat(row["start"]) if row.get("start") else None,
                meeting_point=row.get("meeting_point", ""),
                route=row.get("route", ""),
                summary=row.get("summary", ""),
            ),
            author=users[row["organiser"]],
        )
        WalkingDiagnostic.objects.filter(pk=walk.pk).update(is_demo=True)
        walk.is_demo = True
    for seat in row.get("team", []):
        user = users.get(seat["account"]) if seat.get("account") else None
        organisation = organisations.get(seat["organisation"]) if seat.get("organisation") else None
        present = WalkMember.objects.filter(walk=walk)
        present = (
            present.filter(user=user)
            if user
            else present.filter(full_name=seat.get("full_name", ""), organisation=organisation)
        )
        if not present.exists():
            services.add_member(
                walk=walk,
                user=user,
                organisation=organisation,
                full_name=seat.get("full_name", "") or (user.get_full_name() if user else ""),
                capacity=seat.get("capacity", ""),
            )
    return walk


def _place(item, residences):
    residence = residences[tuple(item["residence"])] if item.get("residence") else None
    kind = item.get("place") or (PlaceKind.BUILDING if residence else PlaceKind.PUBLIC)
    latitude, longitude = item.get("point") or (None, None)
    return residence, kind, latitude, longitude


def _finding(item, charter, walk, users, residences, categories) -> Finding:
    client_id = demo_client_id(charter, item["key"])
    existing = Finding.objects.filter(client_id=client_id).first()
    if existing is not None:
        return existing
    residence, kind, latitude, longitude = _place(item, residences)
    observed_at = _at(item["at"])
    finding, _ = services.record_finding(
        charter=charter,
        author=users[item["by"]],
        source=Source.WALK if walk else Source.FIELD,
        walk=walk,
        category=categories[item["category"]],
        place_kind=kind,
        residence=residence,
        entrance=item.get("entrance", ""),
        place_note=item.get("note", ""),
        latitude=latitude,
        longitude=longitude,
        location_source="map" if latitude is not None else "",
        severity=item.get("severity", 2),
        description=item["description"],
        observed_at=observed_at,
        client_id=client_id,
        is_public=item.get("public", False),
        is_demo=True,
        notify=False,
        now=observed_at + dt.timedelta(minutes=2),
    )
    for when, state, account in item.get("steps", []):
        services.change_state(finding=finding, to_state=state, author=users[account], at=_at(when))
    return Finding.objects.get(pk=finding.pk)


def _report(item, charter, territories, residences, categories) -> None:
    digest = hashlib.sha256(f"demo:{charter.slug}:{item['key']}".encode()).hexdigest()
    if Report.objects.filter(form_digest=digest).exists():
        return
    residence, kind, latitude, longitude = _place(item, residences)
    at = _at(item["at"])
    # The report's clocks stay those of the loading: its address is kept at most 12 months after it.
    services.submit_report(
        charter=charter,
        category=categories[item["category"]],
        territory=territories[item["territory"]],
        place_kind=kind,
        residence=residence,
        place_note=item.get("note", ""),
        latitude=latitude,
        longitude=longitude,
        description=item["description"],
        email=item.get("email", ""),
        form_digest=digest,
        is_demo=True,
        now=at,
    )
