"""Action-plan pages keep a constant number of SQL queries as data grows (measured at two sizes)."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.models import Action, ActionStatus, Indicator, Intervention, Measurement, ProjectSheet
from charter.models import Organisation, Residence, User

_counter = itertools.count(1)


def grow(demo, n):
    """n more actions on sheet 1 (partners, residences, journal entries, measurements) and n more sheets."""
    sheet = ProjectSheet.objects.get(charter=demo, number=1)
    opac, logirem = Organisation.objects.get(slug="opac-sud"), Organisation.objects.get(slug="logirem")
    residences = list(Residence.objects.filter(landlord__in=[opac, logirem]))
    indicator = Indicator.objects.get(charter=demo, name__startswith="Réclamations")
    author = User.objects.get(username="opac-sud")
    territories = list(demo.territories.all())
    for _ in range(n):
        i = next(_counter)
        action = Action.objects.create(
            sheet=sheet, title=f"Action {i}", lead=opac if i % 2 else logirem, territory=territories[i % 6],
            starts_on=dt.date(2026, 1, 1), due_on=dt.date(2026, 2, 1) if i % 3 else dt.date(2027, 1, 1),
            status=ActionStatus.UNDER_WAY, progress=i % 100,
        )  # fmt: skip
        action.partners.set([logirem, opac])
        action.residences.set(residences[:2])
        action.indicators.set([indicator])
        Intervention.objects.create(action=action, author=author, organisation=opac, done_on=dt.date(2026, 3, 1),
                                    text=f"Entrée {i}", residence=residences[0])  # fmt: skip
        Measurement.objects.create(indicator=indicator, territory=territories[i % 6],
                                   measured_on=dt.date(2020, 1, 1) + dt.timedelta(days=i), value=Decimal(i))  # fmt: skip
        new_sheet = ProjectSheet.objects.create(charter=demo, number=100 + i, title=f"Fiche {i}", theme=sheet.theme,
                                                is_published=True, all_territories=True)  # fmt: skip
        new_sheet.territories.set(territories[:2])


def measure(client, urls):
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries)
    return counts


@pytest.mark.parametrize("username", [None, "coordination", "opac-sud"])
def test_action_pages_query_counts(demo, client_as, username):
    client = client_as(username)
    sheet = ProjectSheet.objects.get(charter=demo, number=1)
    action = Action.objects.filter(sheet=sheet).first()
    indicator = Indicator.objects.get(charter=demo, name__startswith="Réclamations")
    pins = demo.territories.get(slug="les-pins")
    public = [
        reverse("actions:sheet_list", args=[demo.slug]),
        reverse("actions:sheet_detail", args=[sheet.pk]),
        reverse("actions:territory_sheets", args=[pins.pk]),
    ]
    private = [
        reverse("actions:plan", args=[demo.slug]),
        reverse("actions:plan", args=[demo.slug]) + "?late=true&status=under_way",
        reverse("actions:plan", args=[demo.slug]) + "?export=csv",
        reverse("actions:plan_matrix", args=[demo.slug]),
        reverse("actions:action_detail", args=[action.pk]),
        reverse("actions:indicator_detail", args=[indicator.pk]),
        reverse("actions:sheet_history", args=[sheet.pk]),
    ]
    urls = public + ([] if username is None else private)
    grow(demo, 2)
    measure(client, urls)  # warm caches
    small = measure(client, urls)
    grow(demo, 6)
    large = measure(client, urls)
    assert large == small
