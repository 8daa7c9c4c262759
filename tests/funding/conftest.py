import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from actions.models import ProjectSheet
from charter.data import VITROLLES_2007
from charter.models import Charter
from funding import demo as funding_demo
from funding.models import Financer, FundingCommitment
from tests.factories import ProjectSheetFactory, ThemeFactory
from tests.factories.worlds import World

from .factories import CommitmentFactory, FinancerFactory


@pytest.fixture
def vitrolles(demo) -> Charter:
    """The Vitrolles charter with its funding loaded (`funding.demo.load`: the financers of section VII and
    the demonstration amounts), as `load_demo` loads it once `funding.demo.load` is in GUSP_DATA_LOADERS."""
    funding_demo.load(VITROLLES_2007)
    return demo


@dataclass
class FundingWorld:
    """The small world with funding: two themes, three sheets (`sheet_1` in the first quarter, theme A;
    `sheet_2` about all quarters, theme B; `sheet_3` in the other quarter, theme A); financers: the city,
    the region, landlords A and B (each its own organisation's), the landlords together, a complementary
    source; and commitments in every state for the charter's first two years (`year`, `next_year`)."""

    w: World
    year: int
    next_year: int
    sheet_1: ProjectSheet
    sheet_2: ProjectSheet
    sheet_3: ProjectSheet
    city: Financer
    region: Financer
    landlord_a: Financer
    landlord_b: Financer
    landlords: Financer
    cucs: Financer
    a_sheet_1: FundingCommitment  # landlord A, sheet 1, year: committed, partly paid
    b_sheet_1: FundingCommitment  # landlord B, sheet 1, year: requested
    city_mission: FundingCommitment  # the city, the mission, year: committed, paid
    landlords_mission: FundingCommitment  # the landlords together, the mission, year: committed


@pytest.fixture
def funding_world(small_world) -> FundingWorld:
    w = small_world
    charter = w.charter
    year = charter.starts_on.year
    theme_a = ThemeFactory(charter=charter, code="A", title="Cadre de vie")
    theme_b = ThemeFactory(charter=charter, code="B", title="Tranquillité")
    sheet_1 = ProjectSheetFactory(
        charter=charter, theme=theme_a, number=1, title="Propreté", territories=[w.territory]
    )
    sheet_2 = ProjectSheetFactory(
        charter=charter, theme=theme_b, number=2, title="Prévention", all_territories=True, published=True
    )
    sheet_3 = ProjectSheetFactory(
        charter=charter, theme=theme_a, number=3, title="Encombrants", territories=[w.other_territory]
    )
    city = FinancerFactory(charter=charter, name="Ville", organisation=w.city, order=1)
    region = FinancerFactory(charter=charter, name="Région", organisation=w.region, order=2)
    landlord_a = FinancerFactory(charter=charter, name="Bailleur A", organisation=w.landlord_a, order=3)
    landlord_b = FinancerFactory(charter=charter, name="Bailleur B", organisation=w.landlord_b, order=4)
    landlords = FinancerFactory(charter=charter, landlords=True, order=5)
    cucs = FinancerFactory(charter=charter, name="Appel à projets CUCS", complementary=True, order=6)
    a_sheet_1 = CommitmentFactory(
        financer=landlord_a,
        sheet=sheet_1,
        amount=Decimal("8000.00"),
        committed=True,
        paid=[(dt.date(year, 6, 1), "3000.00")],
    )
    b_sheet_1 = CommitmentFactory(
        financer=landlord_b, sheet=sheet_1, amount=Decimal("2500.50"), state="requested"
    )
    CommitmentFactory(financer=city, sheet=sheet_2, amount=Decimal("0.10"))
    CommitmentFactory(financer=region, sheet=sheet_2, amount=Decimal("0.20"), committed=True)
    CommitmentFactory(financer=region, sheet=sheet_3, amount=Decimal("1234.56"), year=year + 1)
    CommitmentFactory(financer=cucs, sheet=sheet_3, amount=Decimal("99.99"), year=year + 1)
    city_mission = CommitmentFactory(
        financer=city, amount=Decimal("20000.00"), committed=True, paid=[(dt.date(year, 12, 1), "20000.00")]
    )
    landlords_mission = CommitmentFactory(financer=landlords, amount=Decimal("9000.00"), committed=True)
    return FundingWorld(
        w=w,
        year=year,
        next_year=year + 1,
        sheet_1=sheet_1,
        sheet_2=sheet_2,
        sheet_3=sheet_3,
        city=city,
        region=region,
        landlord_a=landlord_a,
        landlord_b=landlord_b,
        landlords=landlords,
        cucs=cucs,
        a_sheet_1=a_sheet_1,
        b_sheet_1=b_sheet_1,
        city_mission=city_mission,
        landlords_mission=landlords_mission,
    )
