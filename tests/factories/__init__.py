"""factory_boy factories. Records that carry permissions are created through the services, as the
platform itself creates them, so that tests see the same groups and grants."""

import datetime as dt

import factory

from charter import services
from charter.models import Charter, Organisation, Residence, Role, Territory, User


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = "landlord"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.create_organisation(**kwargs)


class CharterFactory(factory.django.DjangoModelFactory):
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


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory

    charter = factory.SubFactory(CharterFactory)
    name = factory.Sequence(lambda n: f"Quartier {n}")
    slug = factory.Sequence(lambda n: f"quartier-{n}")
    is_published = True


class ResidenceFactory(factory.django.DjangoModelFactory):
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
    """A user of one organisation. Traits: `coordinator` (pass `charters=[…]`), `referent`, `committee`."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.COMMITTEE_MEMBER

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
            password="secret-test-password",
            coordinated_charters=charters,
        )
