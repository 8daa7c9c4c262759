"""Loads a charter data folder's registry part (charter/data/README.md): the organisations, the charter,
its signatures and partners, territories and figures, residences and correspondents, themes and
orientations (facts/), then the demonstration accounts (demo/accounts.yaml).

Every write goes through the services or the permission grants, and only when a record is missing or
differs (`gusp.core.loading.upsert`): loading twice writes nothing the second time.
"""

from decimal import Decimal
from pathlib import Path

from django.db import transaction

from gusp.core.loading import upsert

from . import services
from .data import read
from .models import (
    Charter,
    CharterFigure,
    CharterReference,
    Correspondent,
    Organisation,
    Orientation,
    Residence,
    Signature,
    SubTheme,
    Territory,
    TerritoryFigure,
    Theme,
)
from .perms import grant_coordination, grant_landlord_residence


@transaction.atomic
def load(data_dir: Path, *, password: str | None = None) -> None:
    """Load the folder's charter facts and its demonstration accounts (`password` is theirs; without one,
    the accounts cannot log in)."""
    organisations = load_organisations(data_dir)
    charter = load_charter(data_dir)
    load_signatories(data_dir, charter, organisations)
    territories = load_territories(data_dir, charter)
    load_residences(data_dir, charter, organisations, territories)
    load_themes(data_dir, charter)
    load_accounts(data_dir, charter, organisations, password=password)


def load_organisations(data_dir: Path) -> dict[str, Organisation]:
    for row in read(data_dir, "facts/organisations.yaml").get("organisations", []):
        values = {"name": row["name"], "short_name": row.get("short_name", ""), "kind": row["kind"]}
        if Organisation.objects.filter(slug=row["slug"]).exists():
            upsert(Organisation, {"slug": row["slug"]}, values)
        else:
            services.create_organisation(slug=row["slug"], **values)
    # Organisations are shared by all charters: the folder may name some loaded by another one.
    return {organisation.slug: organisation for organisation in Organisation.objects.all()}


def load_charter(data_dir: Path) -> Charter:
    data = read(data_dir, "charter.yaml")
    values = {
        "title": data["title"],
        "commune": data["commune"],
        "starts_on": data["starts_on"],
        "ends_on": data["ends_on"],
        "extension_rule": data.get("extension_rule", ""),
        "summary": data.get("summary", ""),
        "is_published": data.get("is_published", False),
    }
    charter = Charter.objects.filter(slug=data["slug"]).first()
    if charter is None:
        return services.create_charter(slug=data["slug"], **values)
    charter = upsert(Charter, {"slug": data["slug"]}, values)
    grant_coordination(charter)
    return charter


def load_signatories(data_dir: Path, charter: Charter, organisations: dict[str, Organisation]) -> None:
    data = read(data_dir, "facts/signatories.yaml")
    for order, row in enumerate(data.get("signatures", []), start=1):
        organisation = organisations[row["organisation"]]
        upsert(
            Signature,
            {"charter": charter, "organisation": organisation},
            {"representative": row["representative"], "representative_title": row["title"], "order": order},
        )
        services.add_partner(charter=charter, organisation=organisation, is_signatory=True)
    for slug in data.get("other_partners", []):
        services.add_partner(charter=charter, organisation=organisations[slug])
    for order, row in enumerate(data.get("references", []), start=1):
        upsert(
            CharterReference,
            {"charter": charter, "order": order},
            {"title": row["title"], "details": row.get("details", "")},
        )


def load_territories(data_dir: Path, charter: Charter) -> dict[str, Territory]:
    data = read(data_dir, "facts/territories.yaml")
    territories = {}
    for row in data.get("territories", []):
        territories[row["slug"]] = upsert(
            Territory,
            {"charter": charter, "slug": row["slug"]},
            {
                "name": row["name"],
                "phase": row["phase"],
                "description": row.get("description", ""),
                "is_published": row.get("is_published", False),
            },
        )
    load_territory_figures(data.get("figures", {}), territories)
    load_commune_figures(data.get("commune_figures", {}), charter)
    return territories


def load_territory_figures(figures: dict, territories: dict[str, Territory]) -> None:
    """The quarters' figures (Annex 2 for Vitrolles). `year` may be empty: the source does not date them.
    The figures of the same source that the file no longer gives (a kind read differently, a year
    removed) are deleted, so that the quarter shows the file's figures only."""
    if not figures:
        return
    year, source, notes = figures.get("year"), figures["source"], figures.get("notes", {})
    kept = set()
    for slug, values in figures.get("values", {}).items():
        for kind, value in values.items():
            figure = upsert(
                TerritoryFigure,
                {"territory": territories[slug], "kind": kind, "year": year},
                {"value": Decimal(value), "source": source, "note": notes.get(slug, {}).get(kind, "")},
            )
            kept.add(figure.pk)
    TerritoryFigure.objects.filter(territory__in=territories.values(), source=source).exclude(
        pk__in=kept
    ).delete()


def load_commune_figures(figures: dict, charter: Charter) -> None:
    """The figures of the whole commune or perimeter, each with the sentence that gives it, as written."""
    items = figures.get("items", [])
    for order, row in enumerate(items, start=1):
        upsert(
            CharterFigure,
            {"charter": charter, "order": order},
            {
                "subject": row["subject"],
                "value": Decimal(row["value"]) if row.get("value") is not None else None,
                "unit": row.get("unit", ""),
                "text": row["text"],
                "year": row.get("year", figures.get("year")),
                "source": row.get("source") or figures["source"],
            },
        )
    CharterFigure.objects.filter(charter=charter, order__gt=len(items)).delete()


def load_residences(data_dir: Path, charter: Charter, organisations, territories) -> None:
    data = read(data_dir, "facts/residences.yaml")
    for row in data.get("residences", []):
        lookup = {
            "territory": territories[row["territory"]],
            "landlord": organisations[row["landlord"]],
            "name": row["name"],
        }
        residence = Residence.objects.filter(**lookup).first()
        if residence is None or residence.dwellings != row["dwellings"]:
            residence = residence or Residence(**lookup)
            residence.dwellings = row["dwellings"]
            services.save_residence(residence=residence)  # makes the landlord a partner, grants its rights
        else:
            services.add_partner(charter=charter, organisation=residence.landlord)
            grant_landlord_residence(residence)
    for row in data.get("correspondents", []):
        upsert(
            Correspondent,
            {
                "charter": charter,
                "organisation": organisations[row["organisation"]],
                "full_name": row["full_name"],
            },
            {"position": row.get("position", ""), "is_director": row.get("is_director", False)},
        )


def load_themes(data_dir: Path, charter: Charter) -> None:
    for row in read(data_dir, "facts/themes.yaml").get("themes", []):
        theme = upsert(Theme, {"charter": charter, "code": row["code"]}, {"title": row["title"]})
        sub_themes = {
            title: upsert(SubTheme, {"theme": theme, "title": title}, {"order": order})
            for order, title in enumerate(row.get("sub_themes", []), start=1)
        }
        for order, orientation in enumerate(row.get("orientations", []), start=1):
            sub_theme = orientation.get("sub_theme")
            upsert(
                Orientation,
                {"theme": theme, "order": order},
                {"text": orientation["text"], "sub_theme": sub_themes[sub_theme] if sub_theme else None},
            )


def demo_accounts(data_dir: Path) -> list[dict]:
    """The demonstration accounts of a data folder (demo/accounts.yaml), as written there."""
    return read(data_dir, "demo/accounts.yaml").get("accounts", [])


def load_accounts(data_dir: Path, charter: Charter, organisations, *, password: str | None) -> None:
    for row in demo_accounts(data_dir):
        user = services.create_account(
            username=row["username"],
            organisation=organisations[row["organisation"]],
            role=row["role"],
            email=row.get("email", ""),
            first_name=row.get("first_name", ""),
            last_name=row.get("last_name", ""),
            position=row.get("position", ""),
            password=password,
            coordinated_charters=[charter],
        )
        superuser = row.get("superuser", False)
        if (user.is_staff, user.is_superuser) != (superuser, superuser):
            user.is_staff = user.is_superuser = superuser
            user.save(update_fields=["is_staff", "is_superuser"])
