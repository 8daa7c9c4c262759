"""Funding pages keep a constant number of SQL queries as data grows, under a ceiling recorded here.

Each page is measured, per role, at two sizes of the Vitrolles demonstration: the counts must be equal
(no query per row, per financer or per year) and at most the ceiling. A page that changes on purpose gets
its ceiling changed in the same commit, with the reason."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse

from actions.models import ProjectSheet
from charter.models import User
from funding import services
from funding.models import Financer
from tests.utils import count_queries

from .factories import CommitmentFactory, FinancerFactory, pay

_counter = itertools.count(1)

# The most queries each page may make (session, user, membership and page).
CEILINGS = {
    "table": 18,
    "table_filtered": 16,
    "table_csv": 13,
    "table_xlsx": 13,
    "commitment_list": 14,
    "mission": 13,
    "sheet_budget": 8,
    "financer_list": 8,
}


def grow(charter, n: int) -> None:
    """n more sheets, each funded every year of the period by four partners (some voted and paid) and a
    complementary source (deducted); n more financers; n more years of the mission's shares."""
    theme = charter.themes.first()
    partners = list(Financer.objects.filter(charter=charter, kind="partner", organisation__isnull=False)[:4])
    for _ in range(n):
        i = next(_counter)
        extra = FinancerFactory(
            charter=charter, name=f"Fonds complémentaire {i}", complementary=True, order=100 + i
        )
        sheet = ProjectSheet.objects.create(
            charter=charter,
            theme=theme,
            number=100 + i,
            title=f"Fiche {i}",
            is_published=True,
            all_territories=True,
        )
        for year in (2007, 2008, 2009):
            for j, financer in enumerate(partners):
                commitment = CommitmentFactory(
                    financer=financer,
                    sheet=sheet,
                    year=year,
                    amount=Decimal(1000 + i * 10 + j),
                    committed=j % 2 == 0,
                )
                if j == 0:
                    pay(commitment, "100.00", paid_on=dt.date(year, 6, 1))
            CommitmentFactory(
                financer=extra, sheet=sheet, year=year, amount=Decimal("150.00"), committed=True
            )
        CommitmentFactory(financer=extra, year=2008, amount=Decimal("10.00"))


def pages(charter, *, public: bool) -> dict[str, str]:
    table = reverse("funding:table", args=[charter.slug])
    public_pages = {
        "table": table + "?annee=2008",
        "table_filtered": table + "?annee=2008&theme=1&etat=committed",
        "table_csv": table + "?annee=2008&export=csv",
        "table_xlsx": table + "?annee=2008&export=xlsx",
    }
    if public:
        return public_pages
    sheet = ProjectSheet.objects.get(charter=charter, number=1)
    return public_pages | {
        "commitment_list": reverse("funding:commitment_list", args=[charter.slug]) + "?annee=2008",
        "mission": reverse("funding:mission", args=[charter.slug]) + "?annee=2007",
        "sheet_budget": reverse("funding:sheet_budget", args=[sheet.pk]),
        "financer_list": reverse("funding:financer_list", args=[charter.slug]),
    }


@pytest.mark.parametrize("username", ["anonymous", "coordination", "opac-sud", "comite"])
def test_funding_pages_query_counts(vitrolles, client_as, username):
    anonymous = username == "anonymous"
    if anonymous:
        services.publish_table(charter=vitrolles, year=2008, author=User.objects.get(username="coordination"))
    client = client_as(None if anonymous else username)
    urls = pages(vitrolles, public=anonymous)
    grow(vitrolles, 2)
    count_queries(client, urls)  # warm caches
    small = count_queries(client, urls)
    grow(vitrolles, 5)
    large = count_queries(client, urls)

    assert large == small
    assert all(small[name] <= CEILINGS[name] for name in small), small
