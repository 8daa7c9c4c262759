import datetime as dt
from dataclasses import dataclass

import pytest

from charter.models import User
from funding.tfpb.models import ConventionQuarter, TfpbConvention
from governance.models import Decision
from tests.factories.governance import CommitteeFactory, DecisionFactory, MeetingFactory
from tests.factories.worlds import World

from . import factories


@dataclass
class Programmes:
    """The small world with TFPB conventions: landlord A's over both quarters (`quarter_1`: the first
    quarter, 100 dwellings, 30 000,00 € a year typed; `quarter_2`: the other one, 60 dwellings at 183,33 €
    each), landlord B's over the first quarter (`quarter_b`: 40 dwellings, 8 000,00 €); the charter's
    steering committee and a decision of a held meeting of it (`decision`)."""

    w: World
    year: int
    convention_a: TfpbConvention
    convention_b: TfpbConvention
    quarter_1: ConventionQuarter
    quarter_2: ConventionQuarter
    quarter_b: ConventionQuarter
    decision: Decision

    def user(self, role: str) -> User | None:
        return self.w.user(role)


@pytest.fixture
def programmes(small_world) -> Programmes:
    w = small_world
    year = w.charter.starts_on.year
    convention_a = factories.convention(w.charter, w.landlord_a, start_year=year, end_year=year + 2)
    convention_b = factories.convention(w.charter, w.landlord_b, start_year=year, end_year=year + 2)
    steering = CommitteeFactory(charter=w.charter, steering=True)
    meeting = MeetingFactory(committee=steering, held=True, day=dt.date.today() - dt.timedelta(days=10))
    return Programmes(
        w=w,
        year=year,
        convention_a=convention_a,
        convention_b=convention_b,
        quarter_1=factories.quarter(convention_a, w.territory, dwellings=100, yearly="30000.00"),
        quarter_2=factories.quarter(convention_a, w.other_territory, dwellings=60, per_dwelling="183.33"),
        quarter_b=factories.quarter(convention_b, w.territory, dwellings=40, yearly="8000.00"),
        decision=DecisionFactory(meeting=meeting, text="Les bilans TFPB sont validés."),
    )
