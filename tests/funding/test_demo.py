"""The demonstration funding of the Vitrolles charter (`funding.demo.load`): the financers of section VII,
amounts marked as demonstration, loaded once however many times the loader runs."""

from decimal import Decimal

from charter.data import VITROLLES_2007
from charter.models import Organisation
from funding import demo as funding_demo
from funding.choices import DEMO_NOTE
from funding.models import Financer, FundingCommitment, MissionBudget
from tests.utils import all_counts


def test_loading_twice_writes_nothing(vitrolles):
    histories = [FundingCommitment.history.count(), MissionBudget.history.count(), Financer.history.count()]
    before = all_counts()

    funding_demo.load(VITROLLES_2007)

    assert all_counts() == before
    assert [
        FundingCommitment.history.count(),
        MissionBudget.history.count(),
        Financer.history.count(),
    ] == histories


def test_the_financers_of_section_vii(vitrolles):
    financers = {f.name: f for f in Financer.objects.filter(charter=vitrolles)}
    for name in ["ANRU", "Ville de Vitrolles", "CPA", "Conseil Général", "Conseil Régional", "CDC"]:
        assert financers[name].kind == "partner"
    assert financers["ANRU"].organisation.slug == "etat"
    assert financers["Bailleurs sociaux (au prorata des logements)"].kind == "landlords"
    assert financers["Appel à projets du CUCS"].kind == "complementary"
    landlords = Organisation.objects.in_charter(vitrolles).landlords()
    assert {
        f.organisation for f in financers.values() if f.organisation and f.organisation.is_landlord
    } == set(landlords)


def test_demonstration_amounts_are_marked(vitrolles):
    commitments = FundingCommitment.objects.filter(charter=vitrolles)
    assert commitments.count() > 20
    assert not commitments.filter(is_demo=False).exists()
    assert not commitments.exclude(note=DEMO_NOTE).exists()
    assert not MissionBudget.objects.filter(charter=vitrolles, is_demo=False).exists()


def test_the_mission_shares_add_up_to_its_yearly_cost(vitrolles):
    for budget in MissionBudget.objects.filter(charter=vitrolles):
        shares = FundingCommitment.objects.filter(charter=vitrolles, year=budget.year).for_mission()
        assert sum(c.net_amount for c in shares) == budget.total_cost
    landlords_2007 = FundingCommitment.objects.get(
        charter=vitrolles, year=2007, sheet__isnull=True, financer__kind="landlords"
    )
    assert landlords_2007.amount == Decimal("8250.00")  # 15 % of 55 000 €


def test_complementary_funding_is_deducted_on_sheet_8(vitrolles):
    """Sheet 8 in 2008: State 6 000, city 6 000, landlords 3 000; the CUCS call for projects brings 4 000,
    deducted pro rata: 1 600, 1 600, 800."""
    deducted = {
        c.financer.name: c.deducted
        for c in FundingCommitment.objects.filter(
            charter=vitrolles, sheet__number=8, year=2008
        ).select_related("financer")
    }
    assert deducted == {
        "État (politique de la ville)": Decimal("1600.00"),
        "Ville de Vitrolles": Decimal("1600.00"),
        "Bailleurs sociaux (au prorata des logements)": Decimal("800.00"),
        "Appel à projets du CUCS": Decimal("0.00"),
    }
