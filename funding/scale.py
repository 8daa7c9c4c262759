"""Synthetic funding for benchmark charters (`generate_scale`, settings.GUSP_SCALE_GENERATORS): for each
charter, a financer per partner, the landlords together and two complementary sources; for each sheet and
year of the period, two to four commitments in every state (some paid); the GUSP mission's yearly cost and
shares. Written in bulk; complementary funding stays hoped or requested, so no deduction is due (the
services compute deductions group by group, too slow for thousands of charters)."""

import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from actions.models import ProjectSheet
from charter.models import Partnership

from .choices import DEMO_NOTE, CommitmentState, FinancerKind
from .models import Financer, FundingCommitment, MissionBudget, Payment
from .periods import charter_years
from .shares import split_pro_rata

STATES = [
    CommitmentState.HOPED,
    CommitmentState.REQUESTED,
    CommitmentState.COMMITTED,
    CommitmentState.COMMITTED,
]
MISSION_SHARES = [25, 25, 10, 10, 10, 15, 5]


def _financers(charter, partners) -> list[Financer]:
    rows = [
        Financer(charter=charter, name=o.short_name or o.name, kind=FinancerKind.PARTNER, organisation=o)
        for o in partners
    ]
    rows.append(
        Financer(
            charter=charter, name="Bailleurs sociaux (au prorata des logements)", kind=FinancerKind.LANDLORDS
        )
    )
    rows += [
        Financer(charter=charter, name=name, kind=FinancerKind.COMPLEMENTARY)
        for name in ("Appel à projets du CUCS", "Fonds européens (FEDER)")
    ]
    for order, financer in enumerate(rows, 1):
        financer.order = order
    return Financer.objects.bulk_create(rows)


def generate(charters, rng) -> None:
    today = timezone.localdate()
    partners = {}
    for partnership in (
        Partnership.objects.filter(charter__in=charters).select_related("organisation").order_by("pk")
    ):
        partners.setdefault(partnership.charter_id, []).append(partnership.organisation)
    sheets = {}
    for sheet in ProjectSheet.objects.filter(charter__in=charters).order_by("number"):
        sheets.setdefault(sheet.charter_id, []).append(sheet)
    for charter in charters:
        financers = _financers(charter, partners.get(charter.pk, []))
        payable = [f for f in financers if f.kind != FinancerKind.COMPLEMENTARY]
        years = charter_years(charter)
        commitments = []
        for sheet, year in itertools.product(sheets.get(charter.pk, []), years):
            for financer in rng.sample(financers, min(len(financers), rng.randint(2, 4))):
                state = rng.choice(STATES)
                if financer.kind == FinancerKind.COMPLEMENTARY and state == CommitmentState.COMMITTED:
                    state = CommitmentState.REQUESTED
                commitments.append(
                    FundingCommitment(
                        charter=charter,
                        sheet=sheet,
                        financer=financer,
                        year=year,
                        amount=Decimal(rng.randint(100_000, 5_000_000)) / 100,
                        state=state,
                        decision_reference="Délibération (donnée synthétique)"
                        if state == CommitmentState.COMMITTED
                        else "",
                        note=DEMO_NOTE,
                        is_demo=True,
                    )
                )
        budgets = []
        mission_financers = payable[: len(MISSION_SHARES)]
        for year in years:
            cost = Decimal(rng.randint(4_000_000, 7_000_000)) / 100
            budgets.append(
                MissionBudget(charter=charter, year=year, total_cost=cost, note=DEMO_NOTE, is_demo=True)
            )
            weights = {f: share for f, share in zip(mission_financers, MISSION_SHARES, strict=False)}
            for financer, amount in split_pro_rata(cost, weights).items() if weights else []:
                commitments.append(
                    FundingCommitment(
                        charter=charter,
                        financer=financer,
                        year=year,
                        amount=amount,
                        state=CommitmentState.COMMITTED,
                        decision_reference="Délibération (donnée synthétique)",
                        note=DEMO_NOTE,
                        is_demo=True,
                    )
                )
        MissionBudget.objects.bulk_create(budgets)
        # Half of the committed money is paid, in one payment, in its year.
        for commitment in commitments:
            if commitment.state == CommitmentState.COMMITTED and rng.random() < 0.5:
                commitment.paid_total = commitment.amount
        FundingCommitment.objects.bulk_create(commitments)
        Payment.objects.bulk_create(
            [
                Payment(commitment=c, paid_on=min(dt.date(c.year, 12, 15), today), amount=c.amount)
                for c in commitments
                if c.paid_total
            ]
        )
