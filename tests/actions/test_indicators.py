"""Indicators: measurements by whom may record them, French errors, charts drawn from the data. On an
indicator of the small world fed by landlord A's action (`plan` fixture)."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from actions.charts import line_chart
from actions.models import Measurement
from tests.factories import IndicatorFactory, MeasurementFactory
from tests.utils import all_counts


@pytest.fixture
def indicator(plan, small_world):
    """Complaints about cleanliness, measured four times in the first quarter (48 down to 27, target 20),
    fed by landlord A's action."""
    indicator = IndicatorFactory(
        charter=small_world.charter, name="Réclamations propreté", unit="réclamations", target=Decimal(20)
    )
    for day, value in [((2007, 3, 31), 48), ((2007, 6, 30), 40), ((2007, 9, 30), 33), ((2007, 12, 31), 27)]:
        MeasurementFactory(
            indicator=indicator,
            territory=small_world.territory,
            measured_on=dt.date(*day),
            value=Decimal(value),
        )
    plan["action_a"].indicators.set([indicator])
    return indicator


def test_chart_draws_every_measurement_and_the_target(indicator, small_world, client_as):
    chart = line_chart(indicator, list(indicator.measurements.select_related("territory")))
    assert [s["name"] for s in chart["series"]] == [small_world.territory.name]
    assert len(chart["series"][0]["dots"]) == 4
    ys = [d["y"] for d in chart["series"][0]["dots"]]
    assert ys == sorted(ys)  # complaints go down from 48 to 27: points go down the chart (SVG y grows)
    assert chart["target_y"] > max(ys)  # target 20 is below every measurement
    html = client_as(small_world.member).get(indicator.get_absolute_url()).content.decode()
    assert html.count("<circle") == 8  # drawn twice: for a wide box and for a phone (actions/charts.py)
    # SVG coordinates are never localised (a French decimal comma would break the drawing).
    coordinates = re.findall(r'c[xy]="([^"]+)"', html)
    assert len(coordinates) == 16
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", c) for c in coordinates), coordinates
    assert "31/12/2007 : 27" in html


def test_empty_chart(small_world):
    empty = IndicatorFactory(charter=small_world.charter, name="Vide", unit="u")
    assert line_chart(empty, [])["empty"] is True


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("coordinator", True), ("referent_a", True), ("referent_b", False), ("member", False)],
)
def test_who_records_a_measurement(indicator, small_world, client_as, role, allowed):
    """The coordinator, and referents of organisations leading an action that feeds the indicator (landlord
    A, not landlord B)."""
    client = client_as(small_world.user(role))
    before = all_counts()
    response = client.post(
        indicator.get_absolute_url(), {"measured_on": "2008-03-31", "territory": "", "value": "22"}
    )
    if allowed:
        assert response.status_code == 302
        assert Measurement.objects.filter(indicator=indicator, measured_on="2008-03-31").exists()
    else:
        assert response.status_code == 403
        assert all_counts() == before


def test_duplicate_measurement_is_refused(indicator, small_world, client_as):
    client = client_as(small_world.coordinator)
    before = all_counts()
    response = client.post(
        indicator.get_absolute_url(),
        {"measured_on": "2007-12-31", "territory": small_world.territory.pk, "value": "30"},
    )
    assert response.status_code == 400
    assert "Une mesure existe déjà à cette date pour ce quartier." in response.content.decode()
    assert all_counts() == before


def test_indicators_are_not_public(indicator, client_as):
    assert client_as(None).get(indicator.get_absolute_url()).status_code == 302
