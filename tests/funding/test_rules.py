"""The rules of section VII as the services keep them: complementary funding deducted from the partners'
commitments, payments, where a commitment stands, and the budget flags of a sheet."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from actions.models import ProjectSheet
from funding import services
from funding.choices import Stage
from funding.models import FundingCommitment
from funding.querysets import sheet_budget_flags

from .factories import CommitmentFactory, _coordination, pay

D = Decimal


def amounts(*commitments):
    return [
        (c.amount, c.deducted, c.net_amount)
        for c in FundingCommitment.objects.filter(pk__in=[c.pk for c in commitments]).order_by("pk")
    ]


@pytest.fixture
def sheet_8(funding_world):
    """Sheet 3 of the world in its second year: the city 6 000, the region 6 000, the landlords together
    3 000 (like the Vitrolles sheet 8 demonstration)."""
    fw = funding_world
    return [
        CommitmentFactory(financer=f, sheet=fw.sheet_2, year=fw.next_year, amount=D(a), committed=True)
        for f, a in [(fw.city, "6000.00"), (fw.region, "6000.00"), (fw.landlords, "3000.00")]
    ]


def test_committed_complementary_funding_is_deducted_pro_rata(funding_world, sheet_8):
    fw = funding_world
    cucs = CommitmentFactory(financer=fw.cucs, sheet=fw.sheet_2, year=fw.next_year, amount=D("4000.00"))
    # Hoped for: nothing deducted yet.
    assert [d for _a, d, _n in amounts(*sheet_8)] == [D("0.00")] * 3

    cucs.state, cucs.decision_reference = "committed", "Appel à projets 2008"
    services.save_commitment(commitment=cucs, author=fw.w.coordinator)

    assert amounts(*sheet_8) == [
        (D("6000.00"), D("1600.00"), D("4400.00")),
        (D("6000.00"), D("1600.00"), D("4400.00")),
        (D("3000.00"), D("800.00"), D("2200.00")),
    ]
    # Other sheets and years are untouched.
    others = FundingCommitment.objects.filter(charter=fw.w.charter).exclude(pk__in=[c.pk for c in sheet_8])
    assert not others.exclude(deducted=0).exists()

    # Withdrawn: given back.
    services.delete_commitment(commitment=FundingCommitment.objects.get(pk=cucs.pk), author=fw.w.coordinator)
    assert [d for _a, d, _n in amounts(*sheet_8)] == [D("0.00")] * 3


def test_a_deduction_takes_only_what_is_left_to_pay(funding_world, sheet_8):
    fw = funding_world
    city, region, landlords = sheet_8
    pay(city, "5000.00")
    pay(region, "6000.00")
    CommitmentFactory(
        financer=fw.cucs, sheet=fw.sheet_2, year=fw.next_year, amount=D("5000.00"), committed=True
    )
    # Left to pay: city 1 000, region 0, landlords 3 000: 4 000 < 5 000, all of it is deducted.
    assert amounts(*sheet_8) == [
        (D("6000.00"), D("1000.00"), D("5000.00")),
        (D("6000.00"), D("0.00"), D("6000.00")),
        (D("3000.00"), D("3000.00"), D("0.00")),
    ]
    city.refresh_from_db()
    with pytest.raises(ValidationError, match="dépasserait l'engagement"):
        pay(city, "0.01")


def test_the_deduction_is_computed_again_when_a_partner_changes_its_amount(funding_world, sheet_8):
    fw = funding_world
    CommitmentFactory(
        financer=fw.cucs, sheet=fw.sheet_2, year=fw.next_year, amount=D("4000.00"), committed=True
    )
    city = FundingCommitment.objects.get(pk=sheet_8[0].pk)
    city.amount = D("1000.00")
    services.save_commitment(commitment=city, author=fw.w.coordinator)
    # 4 000 over 1 000 + 6 000 + 3 000 = 10 000: 400, 2 400, 1 200.
    assert [d for _a, d, _n in amounts(*sheet_8)] == [D("400.00"), D("2400.00"), D("1200.00")]
    # Saved twice, the same: nothing moves.
    before = [
        c.version for c in FundingCommitment.objects.filter(pk__in=[c.pk for c in sheet_8]).order_by("pk")
    ]
    services.rebalance(charter_id=fw.w.charter.pk, sheet_id=fw.sheet_2.pk, year=fw.next_year)
    assert before == [
        c.version for c in FundingCommitment.objects.filter(pk__in=[c.pk for c in sheet_8]).order_by("pk")
    ]


def test_payments_and_stages(funding_world):
    fw = funding_world
    stage = {c.pk: c.stage for c in FundingCommitment.objects.with_stage()}
    assert stage[fw.a_sheet_1.pk] == Stage.PARTLY_PAID
    assert stage[fw.b_sheet_1.pk] == Stage.REQUESTED
    assert stage[fw.city_mission.pk] == Stage.PAID
    assert stage[fw.landlords_mission.pk] == Stage.COMMITTED
    assert fw.a_sheet_1.paid_total == D("3000.00")

    with pytest.raises(ValidationError, match="suit un vote"):
        pay(fw.b_sheet_1, "10.00")
    commitment = FundingCommitment.objects.get(pk=fw.a_sheet_1.pk)
    commitment.state = "requested"
    with pytest.raises(ValidationError, match="l'engagement reste voté"):
        services.save_commitment(commitment=commitment, author=fw.w.coordinator)
    commitment = FundingCommitment.objects.get(pk=fw.a_sheet_1.pk)
    commitment.amount = D("2999.99")
    with pytest.raises(ValidationError, match="déjà versé"):
        services.save_commitment(commitment=commitment, author=fw.w.coordinator)

    payment = fw.a_sheet_1.payments.get()
    services.delete_payment(payment=payment, author=fw.w.coordinator)
    assert FundingCommitment.objects.with_stage().get(pk=fw.a_sheet_1.pk).stage == Stage.COMMITTED


def test_a_voted_commitment_says_by_which_decision(funding_world):
    fw = funding_world
    with pytest.raises(ValidationError, match="indique la décision"):
        CommitmentFactory(financer=fw.city, sheet=fw.sheet_3, amount=D("10.00"), state="committed")


def flags(sheet, today):
    return (
        sheet_budget_flags(ProjectSheet.objects.filter(pk=sheet.pk), today)
        .values_list("funding_over_estimate", "funding_unpaid_late")
        .get()
    )


def test_budget_flags_compare_cents_not_floats(funding_world):
    """Sheet 2 has 0,10 € + 0,20 € of commitments: 0,1 + 0,2 > 0,3 in floating point (as SQLite would add
    them), not in euros."""
    fw = funding_world
    sheet = fw.sheet_2
    sheet.estimated_cost = D("0.30")
    sheet.save()
    today = dt.date(fw.year, 6, 1)
    assert flags(sheet, today) == (False, False)
    sheet.estimated_cost = D("0.29")
    sheet.save()
    assert flags(sheet, today) == (True, False)
    sheet.estimated_cost = None
    sheet.save()
    assert flags(sheet, today) == (False, False)


def test_committed_money_unpaid_past_its_year_is_flagged(funding_world):
    fw = funding_world
    # Landlord A committed 8 000 € on sheet 1 and paid 3 000 € of it.
    assert flags(fw.sheet_1, dt.date(fw.year, 12, 31)) == (False, False)
    assert flags(fw.sheet_1, dt.date(fw.year + 1, 1, 1)) == (False, True)
    pay(fw.a_sheet_1, "5000.00", paid_on=dt.date(fw.year, 12, 31))
    assert flags(fw.sheet_1, dt.date(fw.year + 1, 1, 1)) == (False, False)
    # Requested money is not committed: never late.
    assert flags(fw.sheet_3, dt.date(fw.year + 5, 1, 1)) == (False, False)


def test_a_referent_records_only_their_organisations_commitments(funding_world):
    fw = funding_world
    with pytest.raises(ValidationError, match="votre organisation"):
        CommitmentFactory(financer=fw.landlord_b, sheet=fw.sheet_3, author=fw.w.referent_a)
    with pytest.raises(ValidationError, match="votre organisation"):
        CommitmentFactory(financer=fw.landlord_a, sheet=fw.sheet_3, author=fw.w.member)
    assert (
        CommitmentFactory(financer=fw.landlord_a, sheet=fw.sheet_3, author=fw.w.referent_a).created_by
        == fw.w.referent_a
    )


def test_the_kept_sums_are_the_services(funding_world):
    """What a form would post for the kept sums is ignored: they are computed from the payments."""
    fw = funding_world
    commitment = FundingCommitment.objects.get(pk=fw.a_sheet_1.pk)
    commitment.paid_total = D("8000.00")
    services.save_commitment(commitment=commitment, author=fw.w.coordinator)
    assert FundingCommitment.objects.get(pk=fw.a_sheet_1.pk).paid_total == D("3000.00")
    assert _coordination().is_superuser
