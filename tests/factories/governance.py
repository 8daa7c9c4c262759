"""Factories of the committees and their meetings.

Everything goes through `governance.services`, which holds the rules: `save_committee` (the charter's
minimum rhythm filled in, one steering and one technical committee per charter), `save_member` (the seat's
organisation is a partner of the charter, a working group's rapporteur sits in the technical committee),
`create_meeting` / `mark_held` / `cancel_meeting`, `save_minutes` / `publish_minutes`, `save_agenda_item`,
`save_decision`."""

import datetime as dt

import factory
from django.utils import timezone

from governance import services
from governance.choices import CommitteeKind, MeetingStatus, MemberRole
from governance.models import AgendaItem, Committee, CommitteeMember, Decision, Meeting, Minutes
from tests.utils import at

from .charter import CharterFactory, OrganisationFactory, ThemeFactory


class CommitteeFactory(factory.django.DjangoModelFactory):
    """A technical committee by default. Traits: `steering`, `technical`, `working_group` (on a new theme of
    the charter), `public` (public meetings, whose minutes may be published), `landlords_body` (no rhythm)."""

    class Meta:
        model = Committee

    charter = factory.SubFactory(CharterFactory)
    kind = CommitteeKind.TECHNICAL
    name = factory.LazyAttribute(lambda o: CommitteeKind(o.kind).label)
    theme = None
    parent = None

    class Params:
        steering = factory.Trait(kind=CommitteeKind.STEERING)
        technical = factory.Trait(kind=CommitteeKind.TECHNICAL)
        working_group = factory.Trait(
            kind=CommitteeKind.WORKING_GROUP,
            theme=factory.SubFactory(ThemeFactory, charter=factory.SelfAttribute("..charter")),
        )
        public = factory.Trait(kind=CommitteeKind.PUBLIC_MEETING)
        landlords_body = factory.Trait(kind=CommitteeKind.LANDLORDS_BODY)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.save_committee(committee=model_class(**kwargs))


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    """A seat. With `user=…`, the seat of that account, in its organisation; without, a named person of a
    new partner organisation of the charter. `full_name=""` and no user: a seat held by the organisation as
    such, shared by all its accounts. Traits: `rapporteur`, `chair`."""

    class Meta:
        model = CommitteeMember

    committee = factory.SubFactory(CommitteeFactory)
    user = None
    organisation = factory.Maybe(
        "user",
        yes_declaration=factory.SelfAttribute("user.organisation"),
        no_declaration=factory.SubFactory(
            OrganisationFactory,
            kind="commune",
            partner_of=factory.LazyAttribute(lambda o: [o.factory_parent.committee.charter]),
        ),
    )
    full_name = factory.Maybe(
        "user", yes_declaration="", no_declaration=factory.Sequence(lambda n: f"Membre {n}")
    )
    role = MemberRole.MEMBER
    email = ""

    class Params:
        rapporteur = factory.Trait(role=MemberRole.RAPPORTEUR)
        chair = factory.Trait(role=MemberRole.CHAIR)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.save_member(member=model_class(**kwargs))


def _meeting_day(o) -> dt.date:
    if o.day is not None:
        return o.day
    days = -7 if o.status == MeetingStatus.HELD else 30
    return timezone.localdate() + dt.timedelta(days=days)


class MeetingFactory(factory.django.DjangoModelFactory):
    """A meeting on `day` from 14:00 to 16:00 (`hours`), Paris time: in 30 days by default, a week ago for a
    held one. Traits: `planned` (the default), `held` (declared held by `services.mark_held`), `cancelled`
    (`services.cancel_meeting`)."""

    class Meta:
        model = Meeting

    # The default day follows the status (`_meeting_day`) rather than being overridden by the `held`
    # trait: factory_boy does not reliably apply a trait's override of a parameter.
    class Params:
        day = None
        hours = (14, 16)
        planned = factory.Trait(status=MeetingStatus.PLANNED)
        held = factory.Trait(status=MeetingStatus.HELD)
        cancelled = factory.Trait(status=MeetingStatus.CANCELLED)

    committee = factory.SubFactory(CommitteeFactory)
    starts_at = factory.LazyAttribute(lambda o: at(_meeting_day(o), o.hours[0]))
    ends_at = factory.LazyAttribute(lambda o: at(_meeting_day(o), o.hours[1]))
    place = "Hôtel de ville"
    subject = ""
    status = MeetingStatus.PLANNED

    @classmethod
    def _create(cls, model_class, *args, status=MeetingStatus.PLANNED, **kwargs):
        meeting = services.create_meeting(**kwargs)
        if status == MeetingStatus.HELD:
            services.mark_held(meeting=meeting)
        elif status == MeetingStatus.CANCELLED:
            services.cancel_meeting(meeting=meeting)
        return meeting


class MinutesFactory(factory.django.DjangoModelFactory):
    """The minutes of a held meeting (`services.save_minutes`, which queues their PDF on commit). Trait:
    `published` (`services.publish_minutes`: public meetings only)."""

    class Meta:
        model = Minutes

    meeting = factory.SubFactory(MeetingFactory, held=True)
    text = factory.Sequence(lambda n: f"Compte rendu {n}.")
    published_at = None

    class Params:
        published = factory.Trait(published_at=factory.LazyFunction(timezone.now))

    @classmethod
    def _create(cls, model_class, *args, meeting, text, published_at=None):
        minutes = services.save_minutes(meeting=meeting, text=text)
        if published_at is not None:
            minutes = services.publish_minutes(meeting=meeting, publish=True)
        return minutes


class AgendaItemFactory(factory.django.DjangoModelFactory):
    """A point of a meeting's agenda, numbered after the last one (`services.save_agenda_item`)."""

    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = 0
    title = factory.Sequence(lambda n: f"Point {n}")
    sheet = None
    action = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.save_agenda_item(item=model_class(**kwargs))


class DecisionFactory(factory.django.DjangoModelFactory):
    """A decision of a held meeting; `sheets=[…]` and `actions=[…]` are checked and saved with it by
    `services.save_decision`."""

    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory, held=True)
    order = 0
    text = factory.Sequence(lambda n: f"Décision {n}.")

    @classmethod
    def _create(cls, model_class, *args, sheets=(), actions=(), **kwargs):
        return services.save_decision(decision=model_class(**kwargs), sheets=sheets, actions=actions)
