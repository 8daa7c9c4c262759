"""Pages keep a constant number of SQL queries as data grows: each page is measured at two sizes."""

import itertools
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.models import ProjectSheet
from charter import scale
from charter.models import Correspondent, Organisation, Orientation, Residence, Territory, TerritoryFigure
from charter.services import save_residence
from governance.models import Committee, CommitteeMember

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


def pages(charter):
    residence = Residence.objects.get(landlord__slug="opac-sud", name="Les Pins")
    territory = Territory.objects.get(charter=charter, slug="les-pins")
    committee = Committee.objects.filter(charter=charter).first()
    return [
        reverse("home"),
        reverse("charter:charter_list"),
        reverse("charter:charter_detail", args=[charter.slug]),
        reverse("charter:territory_detail", args=[territory.pk]),
        reverse("charter:residence_list"),
        reverse("charter:residence_list") + f"?charter={charter.slug}",
        reverse("charter:residence_detail", args=[residence.pk]),
        reverse("charter:residence_history", args=[residence.pk]),
        reverse("charter:theme_list", args=[charter.slug]),
        reverse("charter:correspondent_list", args=[charter.slug]),
        reverse("charter:organisation_list"),
        reverse("charter:organisation_detail", args=["opac-sud"]),
        reverse("actions:sheet_list", args=[charter.slug]),
        reverse("governance:committee_list", args=[charter.slug]),
        reverse("governance:committee_detail", args=[committee.pk]),
    ]


PUBLIC_PAGES = {0, 1, 2, 3, 6, 8, 12, 13}


def measure(client, urls, public_only=False) -> dict[str, int]:
    counts = {}
    for index, url in enumerate(urls):
        if public_only and index not in PUBLIC_PAGES:
            continue
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries)
    return counts


@pytest.mark.parametrize("username", [None, "coordination", "opac-sud", "comite"])
def test_query_counts_do_not_grow_with_data(demo, client_as, username):
    client = client_as(username)
    grow(demo, 2)
    urls = pages(demo)
    measure(client, urls, public_only=username is None)  # warm the per-process caches (content types)
    small = measure(client, urls, public_only=username is None)
    grow(demo, 5)
    large = measure(client, urls, public_only=username is None)
    assert large == small
    assert Residence.objects.in_charter(demo).count() >= 8 + 3 * 7
