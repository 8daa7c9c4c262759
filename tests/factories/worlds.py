"""Small worlds built with the factories, for the tests of a rule that need several partners: who may
see or edit what is best read off a world the test builds in full, rather than off the demo data."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from charter.models import Charter, Organisation, Residence, Territory, User

from .charter import CharterFactory, OrganisationFactory, ResidenceFactory, TerritoryFactory, UserFactory


@dataclass
class World:
    """A published charter running from last year to the year after next, with two published quarters;
    its partners: a city (whose `coordinator` coordinates the charter), a region (whose `member` sits in
    committees and only reads), two landlords with one residence each in the first quarter (`referent_a`,
    `referent_b`); and an `outsider`, referent of a landlord that takes no part in the charter."""

    charter: Charter
    territory: Territory
    other_territory: Territory
    city: Organisation
    region: Organisation
    landlord_a: Organisation
    landlord_b: Organisation
    residence_a: Residence
    residence_b: Residence
    coordinator: User
    referent_a: User
    referent_b: User
    member: User
    outsider: User

    def user(self, role: str | None) -> User | None:
        """The user of a role named in a parametrized test ("coordinator", "referent_a", …; "anonymous"
        or None: nobody)."""
        return None if role in (None, "anonymous") else getattr(self, role)


def small_world() -> World:
    today = timezone.localdate()
    charter = CharterFactory(
        title="Charte GUSP de Testeville",
        commune="Testeville",
        starts_on=today.replace(month=1, day=1) - dt.timedelta(days=365),
        ends_on=today.replace(month=12, day=31) + dt.timedelta(days=730),
    )
    territory = TerritoryFactory(charter=charter, name="Les Amandiers")
    other_territory = TerritoryFactory(charter=charter, name="Le Vieux Moulin")
    city = OrganisationFactory(name="Ville de Testeville", kind="commune", partner_of=[charter])
    region = OrganisationFactory(name="Région de test", kind="region", partner_of=[charter])
    landlord_a = OrganisationFactory(name="Bailleur A", kind="landlord")
    landlord_b = OrganisationFactory(name="Bailleur B", kind="landlord")
    return World(
        charter=charter,
        territory=territory,
        other_territory=other_territory,
        city=city,
        region=region,
        landlord_a=landlord_a,
        landlord_b=landlord_b,
        residence_a=ResidenceFactory(territory=territory, landlord=landlord_a, name="Les Tilleuls"),
        residence_b=ResidenceFactory(territory=territory, landlord=landlord_b, name="Les Peupliers"),
        coordinator=UserFactory(
            coordinator=True, organisation=city, charters=[charter], email="coordination@example.org"
        ),
        referent_a=UserFactory(referent=True, organisation=landlord_a),
        referent_b=UserFactory(referent=True, organisation=landlord_b),
        member=UserFactory(committee=True, organisation=region, email="comite@example.org"),
        outsider=UserFactory(referent=True, organisation=OrganisationFactory(kind="landlord")),
    )
