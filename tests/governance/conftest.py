import datetime as dt

import pytest

from governance.choices import CommitteeKind
from governance.models import Committee
from tests.factories import CharterFactory, CommitteeFactory, CommitteeMemberFactory


@pytest.fixture
def vitrolles(demo):
    """The Vitrolles committees by kind, plus working groups A (whose rapporteur is the `comite` account)
    and B."""
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


@pytest.fixture
def committees(small_world):
    """The committees of the small world, by name: the steering and the technical committees, where both
    landlords hold a seat as organisations (shared by their accounts) and the region's `member` a seat in
    person (the coordinator too, in the technical committee); working group A, whose rapporteur is the
    region's member; working group B, without rapporteur; and the public meetings."""
    w = small_world
    steering = CommitteeFactory(charter=w.charter, steering=True)
    technical = CommitteeFactory(charter=w.charter, technical=True)
    for committee in [steering, technical]:
        CommitteeMemberFactory(committee=committee, user=w.member)
        for landlord in [w.landlord_a, w.landlord_b]:
            CommitteeMemberFactory(committee=committee, organisation=landlord, full_name="")
    CommitteeMemberFactory(committee=technical, user=w.coordinator)
    wg_a = CommitteeFactory(charter=w.charter, working_group=True, name="Groupe de travail A")
    CommitteeMemberFactory(committee=wg_a, user=w.member, rapporteur=True)
    wg_b = CommitteeFactory(charter=w.charter, working_group=True, name="Groupe de travail B")
    CommitteeMemberFactory(committee=wg_b, organisation=w.city, full_name="Agent de la ville")
    return {
        "steering": steering,
        "technical": technical,
        "wg_a": wg_a,
        "wg_b": wg_b,
        "public_meeting": CommitteeFactory(charter=w.charter, public=True),
    }


# A charter of its own, for the rules that count days and months (rhythm, reminders) -----------------


@pytest.fixture
def charter(db):
    """A charter running from 2010 to 2012, with no committee."""
    return CharterFactory(starts_on=dt.date(2010, 1, 1), ends_on=dt.date(2012, 12, 31))


@pytest.fixture
def technical(charter):
    """Its technical committee: at least one meeting every two months, the charter's minimum, filled in by
    `save_committee`."""
    committee = CommitteeFactory(charter=charter, technical=True)
    assert committee.max_months_between_meetings == 2
    return committee


@pytest.fixture
def steering(charter):
    """Its steering committee: at least two meetings a year, the charter's minimum, filled in by
    `save_committee`."""
    committee = CommitteeFactory(charter=charter, steering=True)
    assert committee.min_meetings_per_year == 2
    return committee
