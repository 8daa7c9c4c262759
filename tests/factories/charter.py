"""Factories of the charter registry: organisations, charters, quarters, themes, residences, accounts.

Records that carry permissions go through `charter.services`, as the platform itself creates them, so that
tests see the same groups and django-guardian grants: an organisation gets its group, a charter its
coordination group, a residence its landlord's edit right, an account its groups."""

import datetime as dt

import factory

from charter import services
from charter.models import Amendment, Charter, Organisation, Residence, Role, Territory, Theme, User


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An organisation (a landlord by default). `partner_of=[charter, …]` makes it a partner of those
    charters (through `services.add_partner`): its accounts then take part in them."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = "landlord"

    @classmethod
    def _create(cls, model_class, *args, partner_of=(), **kwargs):
        organisation = services.create_organisation(**kwargs)
        for charter in partner_of:
            services.add_partner(charter=charter, organisation=organisation)
        return organisation


class CharterFactory(factory.django.DjangoModelFactory):
    """A published charter running from 2010 to 2012, with its coordination group and grant."""

    class Meta:
        model = Charter

    title = "Charte de Gestion Urbaine et Sociale de Proximité"
    commune = factory.Sequence(lambda n: f"Commune {n}")
    starts_on = dt.date(2010, 1, 1)
    ends_on = dt.date(2012, 12, 31)
    is_published = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.create_charter(**kwargs)


class AmendmentFactory(factory.django.DjangoModelFactory):
    """An amendment extending its charter by three years (no service writes amendments: built directly)."""

    class Meta:
        model = Amendment

    charter = factory.SubFactory(CharterFactory)
    number = factory.Sequence(lambda n: n % 30000 + 1)
    title = "Prolongation"
    signed_on = factory.LazyAttribute(lambda o: o.charter.ends_on - dt.timedelta(days=30))
    starts_on = factory.LazyAttribute(lambda o: o.charter.ends_on + dt.timedelta(days=1))
    extends_to = factory.LazyAttribute(lambda o: o.charter.ends_on.replace(year=o.charter.ends_on.year + 3))


class TerritoryFactory(factory.django.DjangoModelFactory):
    """A published quarter (`services.save_territory`)."""

    class Meta:
        model = Territory

    charter = factory.SubFactory(CharterFactory)
    name = factory.Sequence(lambda n: f"Quartier {n}")
    slug = factory.Sequence(lambda n: f"quartier-{n}")
    is_published = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.save_territory(territory=model_class(**kwargs))


def _theme_code(n: int) -> str:
    """Two letters, "AA", "AB", …: unique within any charter that has fewer than 676 themes."""
    return chr(ord("A") + n // 26 % 26) + chr(ord("A") + n % 26)


class ThemeFactory(factory.django.DjangoModelFactory):
    """A priority theme (no rule nor permission: built directly)."""

    class Meta:
        model = Theme

    charter = factory.SubFactory(CharterFactory)
    code = factory.Sequence(_theme_code)
    title = factory.Sequence(lambda n: f"Thème {n}")


class ResidenceFactory(factory.django.DjangoModelFactory):
    """A residence of a landlord (`services.save_residence`: the landlord becomes a partner of the charter
    and its group gets the edit right)."""

    class Meta:
        model = Residence

    territory = factory.SubFactory(TerritoryFactory)
    landlord = factory.SubFactory(OrganisationFactory, kind="landlord")
    name = factory.Sequence(lambda n: f"Résidence {n}")
    dwellings = 100

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.save_residence(residence=model_class(**kwargs))


class UserFactory(factory.django.DjangoModelFactory):
    """A user of one organisation (`services.create_account`). Traits: `coordinator` (pass
    `charters=[…]`: the charters they coordinate), `referent`, `committee` (the default role)."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.COMMITTEE_MEMBER
    email = ""

    class Params:
        coordinator = factory.Trait(role=Role.COORDINATOR)
        referent = factory.Trait(role=Role.REFERENT)
        committee = factory.Trait(role=Role.COMMITTEE_MEMBER)

    @classmethod
    def _create(cls, model_class, *args, charters=(), **kwargs):
        return services.create_account(
            username=kwargs["username"],
            organisation=kwargs["organisation"],
            role=kwargs["role"],
            email=kwargs["email"],
            password="secret-test-password",
            coordinated_charters=charters,
        )
