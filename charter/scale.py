"""Synthetic data at scale, deterministic for a given seed:
- `generate_scale --factor N` adds N charters shaped like Vitrolles' (6 quarters, 8 residences, 13
  signatories, 4 themes…): France at factor 300;
- `generate_scale --large` adds one large charter, a metropolis (60 quarters, 600 residences, and in the
  other apps' generators 3,000 actions, 200,000 journal entries, 50,000 findings), in which the demo
  accounts have their roles, so that per-charter pages are measured at size.

The charters made carry `scale_shape` ("vitrolles" or "large", with `scale_size`, a fraction of the large
shape for tests): the other apps' generators size their records by it."""

import datetime as dt
import random
from decimal import Decimal

from . import services
from .data import VITROLLES_2007, read
from .models import (
    Charter,
    Correspondent,
    Organisation,
    OrganisationKind,
    Orientation,
    Partnership,
    Residence,
    Role,
    Signature,
    SubTheme,
    Territory,
    TerritoryFigure,
    Theme,
    User,
)
from .perms import grant_landlord_residences

QUARTER_WORDS = [
    "Les Pins",
    "Les Chênes",
    "La Garrigue",
    "Les Oliviers",
    "Le Plateau",
    "La Source",
    "Les Cigales",
    "Le Moulin",
    "La Colline",
    "Les Tilleuls",
    "Le Canal",
    "La Gare",
    "Les Vignes",
    "Le Stade",
    "La Roseraie",
    "Les Lauriers",
    "Le Lavoir",
    "Les Amandiers",
]
LANDLORD_POOL = 40  # national landlords shared by many charters, as the real ones are


def shared_organisations() -> dict[str, list[Organisation]]:
    """The partners that sign many charters: the State, regions, departments and landlords."""
    pool = {"state": [], "region": [], "department": [], "landlord": []}
    for kind, count, label in [
        (OrganisationKind.STATE, 1, "État (synthétique)"),
        (OrganisationKind.REGION, 4, "Région synthétique"),
        (OrganisationKind.DEPARTMENT, 12, "Département synthétique"),
        (OrganisationKind.LANDLORD, LANDLORD_POOL, "Bailleur synthétique"),
    ]:
        for i in range(1, count + 1):
            slug = f"synth-{kind}-{i}"
            organisation = Organisation.objects.filter(slug=slug).first() or services.create_organisation(
                name=f"{label} {i}" if count > 1 else label, kind=kind, slug=slug
            )
            pool[kind].append(organisation)
    return pool


def vitrolles_model() -> dict:
    """What the synthetic charters copy from Vitrolles' data folder: the signatures' titles, the Annex 2
    figures and the themes with their orientations."""
    return {
        "signature_titles": [
            s["title"] for s in read(VITROLLES_2007, "facts/signatories.yaml")["signatures"]
        ],
        "figures": list(read(VITROLLES_2007, "facts/territories.yaml")["figures"]["values"].values()),
        "themes": read(VITROLLES_2007, "facts/themes.yaml")["themes"],
    }


LARGE_TERRITORIES = 60
LARGE_RESIDENCES_PER_TERRITORY = 10


def generate_charter(
    index: int,
    seed: int,
    rng: random.Random,
    pool,
    password_hash: str,
    model: dict,
    *,
    territories: int = 6,
    residences_per_territory: int = 0,
    slug: str = "",
    commune: str = "",
) -> Charter | None:
    slug = slug or f"synth-{seed}-{index}"
    if Charter.objects.filter(slug=slug).exists():
        return None
    commune = commune or f"Commune {seed}-{index}"
    charter = services.create_charter(
        title="Charte de Gestion Urbaine et Sociale de Proximité",
        commune=commune,
        slug=slug,
        starts_on=dt.date(2007 + index % 15, 1, 1),
        ends_on=dt.date(2009 + index % 15, 12, 31),
        is_published=rng.random() < 0.5,
    )
    city = services.create_organisation(
        name=f"Ville de {commune}", kind=OrganisationKind.COMMUNE, slug=f"ville-{slug}"
    )
    epci = services.create_organisation(
        name=f"Intercommunalité de {commune}", kind=OrganisationKind.INTERCOMMUNALITY, slug=f"epci-{slug}"
    )
    landlords = rng.sample(pool["landlord"], 8)
    signatories = [
        pool["state"][0],
        rng.choice(pool["region"]),
        rng.choice(pool["department"]),
        epci,
        city,
        *landlords,
    ]
    Partnership.objects.bulk_create(
        [Partnership(charter=charter, organisation=o, is_signatory=True) for o in signatories]
    )
    Signature.objects.bulk_create(
        [
            Signature(
                charter=charter,
                organisation=o,
                representative=f"Représentant {i}",
                representative_title=model["signature_titles"][i % len(model["signature_titles"])][:300],
                order=i,
            )
            for i, o in enumerate(signatories, start=1)
        ]
    )

    if territories <= len(QUARTER_WORDS):
        names = rng.sample(QUARTER_WORDS, territories)
    else:
        names = [
            f"{QUARTER_WORDS[i % len(QUARTER_WORDS)]} {i // len(QUARTER_WORDS) + 1}"
            for i in range(territories)
        ]
    territory_count = territories
    territories = Territory.objects.bulk_create(
        [
            Territory(
                charter=charter,
                name=name,
                slug=f"q{i}",
                phase=1 if i < max(4, territory_count * 2 // 3) else 2,
                is_published=rng.random() < 0.8,
            )
            for i, name in enumerate(names)
        ]
    )
    figure_templates = model["figures"]
    TerritoryFigure.objects.bulk_create(
        [
            TerritoryFigure(
                territory=t,
                kind=kind,
                year=2006,
                source="Données synthétiques",
                value=Decimal(value) * Decimal(rng.randint(80, 120)) / 100,
            )
            for t, figures in zip(territories[:4], figure_templates, strict=True)
            for kind, value in figures.items()
        ]
    )
    if residences_per_territory:
        spots = [(t, j) for t in territories for j in range(residences_per_territory)]
    else:
        spots = [(territories[i % 4], i) for i in range(8)]
    residences = Residence.objects.bulk_create(
        [
            Residence(
                territory=territory,
                landlord=landlords[i % len(landlords)],
                name=f"Résidence {territory.name} {j + 1}",
                dwellings=rng.randint(40, 900),
            )
            for i, (territory, j) in enumerate(spots)
        ]
    )
    for landlord in landlords:
        grant_landlord_residences(
            landlord,
            Residence.objects.filter(pk__in=[r.pk for r in residences if r.landlord_id == landlord.pk]),
        )
    Correspondent.objects.bulk_create(
        [
            Correspondent(
                charter=charter,
                organisation=landlord,
                full_name=f"Correspondant {j} {landlord.pk}",
                position="Responsable d'agence",
            )
            for landlord in landlords
            for j in (1, 2)
        ]
    )
    for row in model["themes"]:
        theme = Theme.objects.create(charter=charter, code=row["code"], title=row["title"])
        subs = {
            s: SubTheme.objects.create(theme=theme, title=s, order=i)
            for i, s in enumerate(row.get("sub_themes", []))
        }
        Orientation.objects.bulk_create(
            [
                Orientation(theme=theme, sub_theme=subs.get(o.get("sub_theme")), text=o["text"], order=i)
                for i, o in enumerate(row["orientations"])
            ]
        )

    users = [
        User(
            username=f"{slug}-coordination", organisation=city, role=Role.COORDINATOR, password=password_hash
        ),
        User(
            username=f"{slug}-bailleur-1",
            organisation=landlords[0],
            role=Role.REFERENT,
            password=password_hash,
        ),
        User(
            username=f"{slug}-bailleur-2",
            organisation=landlords[1],
            role=Role.REFERENT,
            password=password_hash,
        ),
        User(
            username=f"{slug}-comite", organisation=epci, role=Role.COMMITTEE_MEMBER, password=password_hash
        ),
    ]
    User.objects.bulk_create(users)
    users = list(User.objects.filter(username__startswith=f"{slug}-"))
    Membership = User.groups.through
    Membership.objects.bulk_create(
        [Membership(user_id=u.pk, group_id=u.organisation.group_id) for u in users]
        + [
            Membership(user_id=u.pk, group_id=charter.coordination_group_id)
            for u in users
            if u.role == Role.COORDINATOR
        ]
    )
    return charter


def generate(*, factor: int, seed: int, large: bool = False, size: float = 1.0) -> list[Charter]:
    """`factor` charters shaped like Vitrolles', and with `large` one metropolis (`size` scales it down for
    tests: 0.1 is a tenth of its quarters, residences and records)."""
    from django.contrib.auth.hashers import make_password

    rng = random.Random(seed)
    pool = shared_organisations()
    password_hash = make_password(None)  # synthetic accounts cannot log in
    model = vitrolles_model()
    charters = []
    for index in range(1, factor + 1):
        charter = generate_charter(index, seed, rng, pool, password_hash, model)
        if charter is not None:
            charter.scale_shape, charter.scale_size = "vitrolles", 1.0
            charters.append(charter)
    if large:
        territories = max(2, round(LARGE_TERRITORIES * size))
        charter = generate_charter(
            0,
            seed,
            rng,
            pool,
            password_hash,
            model,
            territories=territories,
            residences_per_territory=LARGE_RESIDENCES_PER_TERRITORY,
            slug=f"metropole-{seed}",
            commune=f"Métropole synthétique {seed}",
        )
        if charter is not None:
            charter.scale_shape, charter.scale_size = "large", size
            give_demo_accounts_a_role(charter)
            charters.append(charter)
    return charters


def give_demo_accounts_a_role(charter: Charter) -> None:
    """The demo accounts take part in the large charter as they do in Vitrolles': `coordination`
    coordinates it, OPAC Sud and LOGIREM hold some of its residences, the Région is a partner (and the
    `comite` account sits in its committees, through the governance generator)."""
    demo = {
        u.username: u
        for u in User.objects.filter(username__in=["coordination", "opac-sud", "logirem", "comite"])
    }
    if "coordination" in demo:
        demo["coordination"].groups.add(charter.coordination_group)
    residences = list(Residence.objects.filter(territory__charter=charter).order_by("pk"))
    for username in ("opac-sud", "logirem"):
        user = demo.get(username)
        if user is None or user.organisation is None:
            continue
        mine = (
            residences[: len(residences) // 10]
            if username == "opac-sud"
            else residences[-len(residences) // 10 :]
        )
        Residence.objects.filter(pk__in=[r.pk for r in mine]).update(landlord=user.organisation)
        grant_landlord_residences(user.organisation, Residence.objects.filter(pk__in=[r.pk for r in mine]))
    for user in demo.values():
        if user.organisation is not None:
            Partnership.objects.get_or_create(charter=charter, organisation=user.organisation)
