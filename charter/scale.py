"""Synthetic data at scale: `generate_scale --factor N` adds N charters shaped like Vitrolles'
(6 quarters, 8 residences, 13 signatories, 4 themes…), deterministic for a given seed."""

import datetime as dt
import random
from decimal import Decimal

from . import services
from .demo import FIGURES, SIGNATURES, THEMES
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


def generate_charter(index: int, seed: int, rng: random.Random, pool, password_hash: str) -> Charter | None:
    slug = f"synth-{seed}-{index}"
    if Charter.objects.filter(slug=slug).exists():
        return None
    commune = f"Commune {seed}-{index}"
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
                representative_title=SIGNATURES[i % len(SIGNATURES)][2][:300],
                order=i,
            )
            for i, o in enumerate(signatories, start=1)
        ]
    )

    names = rng.sample(QUARTER_WORDS, 6)
    territories = Territory.objects.bulk_create(
        [
            Territory(
                charter=charter,
                name=name,
                slug=f"q{i}",
                phase=1 if i < 4 else 2,
                is_published=rng.random() < 0.8,
            )
            for i, name in enumerate(names)
        ]
    )
    figure_templates = list(FIGURES.values())
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
    residences = Residence.objects.bulk_create(
        [
            Residence(
                territory=territories[i % 4],
                landlord=landlords[i],
                name=f"Résidence {names[i % 4]} {i + 1}",
                dwellings=rng.randint(40, 900),
            )
            for i in range(8)
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
    for code, title, sub_titles, orientations in THEMES:
        theme = Theme.objects.create(charter=charter, code=code, title=title)
        subs = {s: SubTheme.objects.create(theme=theme, title=s, order=i) for i, s in enumerate(sub_titles)}
        Orientation.objects.bulk_create(
            [
                Orientation(theme=theme, sub_theme=subs.get(sub), text=text, order=i)
                for i, (sub, text) in enumerate(orientations)
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


def generate(*, factor: int, seed: int) -> list[Charter]:
    from django.contrib.auth.hashers import make_password

    rng = random.Random(seed)
    pool = shared_organisations()
    password_hash = make_password(None)  # synthetic accounts cannot log in
    charters = []
    for index in range(1, factor + 1):
        charter = generate_charter(index, seed, rng, pool, password_hash)
        if charter is not None:
            charters.append(charter)
    return charters
