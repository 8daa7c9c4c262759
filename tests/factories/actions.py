"""Factories of the action plan: sheets, milestones, actions, indicators, measurements, journal entries.

Sheets, actions, measurements and journal entries go through `actions.services` (`save_sheet`,
`save_action`, `record_measurement`, `log_intervention`), which hold their rules; milestones and indicators
carry none and have no service: they are built directly."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from actions import services
from actions.choices import ActionStatus, SheetStatus
from actions.models import Action, Indicator, Intervention, Measurement, Milestone, ProjectSheet
from charter.models import User

from .charter import CharterFactory, OrganisationFactory, ThemeFactory, UserFactory


def _today() -> dt.date:
    return timezone.localdate()


class ProjectSheetFactory(factory.django.DjangoModelFactory):
    """A sheet under way, unpublished, with no lead. `territories=[…]` and `partners=[…]` are saved with it
    by `services.save_sheet` (which refuses named quarters on an all-quarters sheet). Trait: `published`."""

    class Meta:
        model = ProjectSheet

    charter = factory.SubFactory(CharterFactory)
    theme = factory.SubFactory(ThemeFactory, charter=factory.SelfAttribute("..charter"))
    number = factory.Sequence(lambda n: n % 30000 + 1)
    title = factory.Sequence(lambda n: f"Fiche projet {n}")
    status = SheetStatus.UNDER_WAY
    is_published = False

    class Params:
        published = factory.Trait(is_published=True)

    @classmethod
    def _create(cls, model_class, *args, territories=(), partners=(), **kwargs):
        return services.save_sheet(sheet=model_class(**kwargs), territories=territories, partners=partners)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    sheet = factory.SubFactory(ProjectSheetFactory)
    due_on = factory.LazyFunction(lambda: _today() + dt.timedelta(days=90))
    label = factory.Sequence(lambda n: f"Étape {n}")


def _coordination() -> User:
    """Who saves a factory-made action: the platform acting as the coordination would (an unsaved
    superuser), so that the lead given is kept. Pass `author=` to save it as a given user instead."""
    return User(username="factories", is_superuser=True)


class ActionFactory(factory.django.DjangoModelFactory):
    """A planned action on a sheet, due in six months, led by a new partner organisation of the charter.

    `partners=[…]`, `residences=[…]` and `indicators=[…]` are saved with the action by
    `services.save_action` in one call (so the service checks them: named residences lie in the action's
    quarter; and the history holds one version), rather than set after it. Traits: `under_way`, `late`
    (under way, due yesterday), `finished`, `dropped`."""

    class Meta:
        model = Action

    sheet = factory.SubFactory(ProjectSheetFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    lead = factory.SubFactory(
        OrganisationFactory, partner_of=factory.LazyAttribute(lambda o: [o.factory_parent.sheet.charter])
    )
    territory = None
    starts_on = factory.LazyFunction(lambda: _today() - dt.timedelta(days=30))
    due_on = factory.LazyFunction(lambda: _today() + dt.timedelta(days=180))
    status = ActionStatus.PLANNED
    progress = 0

    class Params:
        under_way = factory.Trait(status=ActionStatus.UNDER_WAY, progress=20)
        late = factory.Trait(
            status=ActionStatus.UNDER_WAY,
            progress=20,
            due_on=factory.LazyFunction(lambda: _today() - dt.timedelta(days=1)),
        )
        finished = factory.Trait(status=ActionStatus.FINISHED, progress=100)
        dropped = factory.Trait(status=ActionStatus.DROPPED)

    @classmethod
    def _create(cls, model_class, *args, author=None, partners=(), residences=(), indicators=(), **kwargs):
        return services.save_action(
            action=model_class(**kwargs),
            author=author or _coordination(),
            partners=partners,
            residences=residences,
            indicators=indicators,
        )


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    charter = factory.SubFactory(CharterFactory)
    name = factory.Sequence(lambda n: f"Indicateur {n}")
    unit = "réclamations"
    target = None


class MeasurementFactory(factory.django.DjangoModelFactory):
    """A measurement of an indicator for the whole charter (`services.record_measurement`)."""

    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    territory = None
    measured_on = factory.Sequence(lambda n: dt.date(2010, 1, 1) + dt.timedelta(days=n))
    value = Decimal(10)
    author = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.record_measurement(**kwargs)


class InterventionFactory(factory.django.DjangoModelFactory):
    """A journal entry of yesterday, written by a referent of the action's lead (`services.log_intervention`)."""

    class Meta:
        model = Intervention

    action = factory.SubFactory(ActionFactory)
    author = factory.SubFactory(
        UserFactory, referent=True, organisation=factory.SelfAttribute("..action.lead")
    )
    done_on = factory.LazyFunction(lambda: _today() - dt.timedelta(days=1))
    text = factory.Sequence(lambda n: f"Passage de l'entreprise de nettoyage, cage {n}")
    residence = None
    hours = None
    cost = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.log_intervention(**kwargs)
