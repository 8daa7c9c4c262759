"""Action-plan pages keep a constant number of SQL queries as data grows, under a recorded ceiling.

Each page is measured, per role, at two sizes of the demo data: the counts must be equal (`large ==
small`) and equal to the ones recorded in `__snapshots__/test_query_counts.ambr` (`small == snapshot`:
one entry per role, page name → number of queries). When a page changes on purpose, run this file with
`--snapshot-update` (see `tests/test_query_counts.py`), read the diff of the `.ambr` file and commit it
with the change."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse

from actions.models import Action, ActionStatus, Indicator, Intervention, Measurement, ProjectSheet
from charter.models import Organisation, Residence, User
from tests.utils import assert_query_counts, count_queries

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
            sheet=sheet,
            title=f"Action {i}",
            lead=opac if i % 2 else logirem,
            territory=territories[i % 6],
            starts_on=dt.date(2026, 1, 1),
            due_on=dt.date(2026, 2, 1) if i % 3 else dt.date(2027, 1, 1),
            status=ActionStatus.UNDER_WAY,
            progress=i % 100,
        )
        action.partners.set([logirem, opac])
        action.residences.set(residences[:2])
        action.indicators.set([indicator])
        Intervention.objects.create(
            action=action,
            author=author,
            organisation=opac,
            done_on=dt.date(2026, 3, 1),
            text=f"Entrée {i}",
            residence=residences[0],
        )
        Measurement.objects.create(
            indicator=indicator,
            territory=territories[i % 6],
            measured_on=dt.date(2020, 1, 1) + dt.timedelta(days=i),
            value=Decimal(i),
        )
        new_sheet = ProjectSheet.objects.create(
            charter=demo,
            number=100 + i,
            title=f"Fiche {i}",
            theme=sheet.theme,
            is_published=True,
            all_territories=True,
        )
        new_sheet.territories.set(territories[:2])


def pages(demo, *, public_only: bool) -> dict[str, str]:
    sheet = ProjectSheet.objects.get(charter=demo, number=1)
    action = Action.objects.filter(sheet=sheet).first()
    indicator = Indicator.objects.get(charter=demo, name__startswith="Réclamations")
    pins = demo.territories.get(slug="les-pins")
    plan = reverse("actions:plan", args=[demo.slug])
    public = {
        "sheet_list": reverse("actions:sheet_list", args=[demo.slug]),
        "sheet_detail": reverse("actions:sheet_detail", args=[sheet.pk]),
        "territory_sheets": reverse("actions:territory_sheets", args=[pins.pk]),
    }
    private = {
        "plan": plan,
        "plan_late_under_way": plan + "?late=true&status=under_way",
        "plan_csv": plan + "?export=csv",
        "plan_matrix": reverse("actions:plan_matrix", args=[demo.slug]),
        "action_detail": reverse("actions:action_detail", args=[action.pk]),
        "indicator_detail": reverse("actions:indicator_detail", args=[indicator.pk]),
        "sheet_history": reverse("actions:sheet_history", args=[sheet.pk]),
    }
    return public if public_only else public | private


@pytest.mark.parametrize("username", ["anonymous", "coordination", "opac-sud"])
def test_action_pages_query_counts(demo, client_as, snapshot, username):
    anonymous = username == "anonymous"
    client = client_as(None if anonymous else username)
    urls = pages(demo, public_only=anonymous)
    grow(demo, 2)
    count_queries(client, urls)  # warm caches
    small = count_queries(client, urls)
    grow(demo, 6)
    large = count_queries(client, urls)
    assert_query_counts(small, large, snapshot)
