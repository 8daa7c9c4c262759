"""The synthetic funding of benchmark charters (`funding.scale.generate`, after the generators before it in
settings.GUSP_SCALE_GENERATORS) keeps the platform's rules and fills the summary table."""

import random

from django.conf import settings

from funding.models import FundingCommitment, MissionBudget
from funding.tables import summary_table
from gusp.core.loading import registered


def test_scale_generator(db):
    make_charters, *add_records = registered("GUSP_SCALE_GENERATORS")
    assert "funding.scale.generate" in settings.GUSP_SCALE_GENERATORS
    charters = make_charters(factor=2, seed=4242)
    rng = random.Random(4243)
    for generate in add_records:
        generate(charters, rng)

    for charter in charters:
        commitments = FundingCommitment.objects.filter(charter=charter)
        assert commitments.count() > 50
        for commitment in commitments.select_related("charter", "financer", "sheet")[:200]:
            commitment.full_clean()
        budgets = MissionBudget.objects.filter(charter=charter)
        assert budgets.count() == len(range(charter.starts_on.year, charter.ends_on.year + 1))
        for budget in budgets:
            shares = commitments.for_mission().filter(year=budget.year)
            assert sum(c.net_amount for c in shares) == budget.total_cost
        table = summary_table(charter, charter.starts_on.year)
        assert table.total == sum(c.net_amount for c in commitments.filter(year=charter.starts_on.year))
