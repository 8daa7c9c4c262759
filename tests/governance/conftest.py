import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps

from governance import services
from governance.models import Committee, CommitteeKind, CommitteeMember, MemberRole

PARIS = ZoneInfo("Europe/Paris")


def at(day: dt.date, hour: int = 14) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=PARIS)


def all_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def plan(committee, day: dt.date, *, hours=(14, 16), place="Hôtel de ville"):
    return services.create_meeting(
        committee=committee, starts_at=at(day, hours[0]), ends_at=at(day, hours[1]), place=place
    )


def add_member(
    committee, organisation, *, email="", user=None, role=MemberRole.MEMBER, full_name="", **fields
):
    return CommitteeMember.objects.create(
        committee=committee,
        organisation=organisation,
        email=email,
        user=user,
        role=role,
        full_name=full_name,
        **fields,
    )


@pytest.fixture
def vitrolles(demo):
    """The Vitrolles committees by kind, plus working group A (whose rapporteur is the `comite` account)."""
    committees = {
        c.kind: c for c in Committee.objects.filter(charter=demo).exclude(kind=CommitteeKind.WORKING_GROUP)
    }
    committees["wg_a"] = Committee.objects.get(
        charter=demo, kind=CommitteeKind.WORKING_GROUP, theme__code="A"
    )
    committees["wg_b"] = Committee.objects.get(
        charter=demo, kind=CommitteeKind.WORKING_GROUP, theme__code="B"
    )
    return committees
