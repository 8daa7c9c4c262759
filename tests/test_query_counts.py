"""Pages keep a constant number of SQL queries as data grows, under a recorded ceiling.

Each page is measured, per role, at two sizes of the demo data: the counts must be equal (`large ==
small`: no query per row) and equal to the ones recorded in `__snapshots__/test_query_counts.ambr`
(`small == snapshot`: one entry per role, page name → number of queries), so that a page that goes from
12 to 40 queries fails even if it does so at both sizes. When a page changes on purpose (a new block, a
refactored view), run `GUSP_VAR_DIR=/tmp/gusp-snap .venv/bin/python -m pytest tests/test_query_counts.py
tests/actions/test_query_counts.py tests/governance/test_query_counts.py --snapshot-update`, read the diff
of the `.ambr` files (every number that moved is a page that now makes more or fewer queries) and commit
it with the change; a new page is added to `pages()` under a name and gets its entry the same way."""

import itertools
import random
from decimal import Decimal

import pytest
from django.urls import reverse

from actions.models import ProjectSheet
from charter import scale
from charter.models import Correspondent, Organisation, Orientation, Residence, Territory, TerritoryFigure
from charter.services import save_residence
from governance.models import Committee, CommitteeMember
from tests.utils import assert_query_counts, count_queries

_counter = itertools.count(1)


def grow(charter, n: int) -> None:
    """Add n quarters (3 residences each, for OPAC Sud, LOGIREM and another landlord), figures,
    correspondents, orientations, sheets and committee seats to the charter, and n other charters."""
    landlords = list(Organisation.objects.filter(slug__in=["opac-sud", "logirem", "famille-et-provence"]))
    theme = charter.themes.first()
    committee = Committee.objects.filter(charter=charter).first()
    for _ in range(n):
        i = next(_counter)
        territory = Territory.objects.create(
            charter=charter, name=f"Quartier {i}", slug=f"q-{i}", is_published=True
        )
        TerritoryFigure.objects.create(
            territory=territory, kind="population", value=Decimal(1000 + i), year=2006, source="test"
        )
        for landlord in landlords:
            save_residence(
                residence=Residence(territory=territory, landlord=landlord, name=f"R{i}", dwellings=i)
            )
            Correspondent.objects.create(charter=charter, organisation=landlord, full_name=f"Personne {i}")
            CommitteeMember.objects.create(
                committee=committee, organisation=landlord, full_name=f"Membre {i}"
            )
        Orientation.objects.create(theme=theme, text=f"Orientation {i}", order=100 + i)
        ProjectSheet.objects.create(
            charter=charter, theme=theme, number=100 + i, title=f"Fiche {i}", is_published=True
        )
    charters = scale.generate(factor=n, seed=next(_counter))
    from actions import scale as actions_scale
    from governance import scale as governance_scale

    actions_scale.generate(charters, random.Random(1))
    governance_scale.generate(charters, random.Random(1))


# Pages that anonymous visitors open too.
PUBLIC_PAGES = {
    "home",
    "charter_list",
    "charter_detail",
    "territory_detail",
    "residence_detail",
    "theme_list",
    "sheet_list",
    "committee_list",
}


def pages(charter, *, public_only: bool) -> dict[str, str]:
    residence = Residence.objects.get(landlord__slug="opac-sud", name="Les Pins")
    territory = Territory.objects.get(charter=charter, slug="les-pins")
    committee = Committee.objects.filter(charter=charter).first()
    urls = {
        "home": reverse("home"),
        "charter_list": reverse("charter:charter_list"),
        "charter_detail": reverse("charter:charter_detail", args=[charter.slug]),
        "territory_detail": reverse("charter:territory_detail", args=[territory.pk]),
        "residence_list": reverse("charter:residence_list"),
        "residence_list_of_charter": reverse("charter:residence_list") + f"?charter={charter.slug}",
        "residence_detail": reverse("charter:residence_detail", args=[residence.pk]),
        "residence_history": reverse("charter:residence_history", args=[residence.pk]),
        "theme_list": reverse("charter:theme_list", args=[charter.slug]),
        "correspondent_list": reverse("charter:correspondent_list", args=[charter.slug]),
        "organisation_list": reverse("charter:organisation_list"),
        "organisation_detail": reverse("charter:organisation_detail", args=["opac-sud"]),
        "sheet_list": reverse("actions:sheet_list", args=[charter.slug]),
        "committee_list": reverse("governance:committee_list", args=[charter.slug]),
        "committee_detail": reverse("governance:committee_detail", args=[committee.pk]),
    }
    return {name: url for name, url in urls.items() if name in PUBLIC_PAGES or not public_only}


@pytest.mark.parametrize("username", ["anonymous", "coordination", "opac-sud", "comite"])
def test_query_counts_do_not_grow_with_data(demo, client_as, snapshot, username):
    anonymous = username == "anonymous"
    client = client_as(None if anonymous else username)
    grow(demo, 2)
    urls = pages(demo, public_only=anonymous)
    count_queries(client, urls)  # warm the per-process caches (content types)
    small = count_queries(client, urls)
    grow(demo, 5)
    large = count_queries(client, urls)
    assert_query_counts(small, large, snapshot)
    assert Residence.objects.in_charter(demo).count() >= 8 + 3 * 7
