"""Indicators: measurements by whom may record them, French errors, charts drawn from the data."""

import re

import pytest
from django.apps import apps

from actions.charts import line_chart
from actions.models import Indicator, Measurement


def all_counts():
    return {
        m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.label != "sessions.Session"
    }


@pytest.fixture
def indicator(demo):
    return Indicator.objects.get(charter=demo, name__startswith="Réclamations")


def test_chart_draws_every_measurement_and_the_target(indicator, client_as):
    chart = line_chart(indicator, list(indicator.measurements.select_related("territory")))
    assert [s["name"] for s in chart["series"]] == ["Les Pins et Domaine des Pins"]
    assert len(chart["series"][0]["dots"]) == 4
    ys = [d["y"] for d in chart["series"][0]["dots"]]
    assert ys == sorted(ys)  # complaints go down from 48 to 27: points go down the chart (SVG y grows)
    assert chart["target_y"] > max(ys)  # target 20 is below every measurement
    html = client_as("comite").get(indicator.get_absolute_url()).content.decode()
    assert html.count("<circle") == 4
    # SVG coordinates are never localised (a French decimal comma would break the drawing).
    coordinates = re.findall(r'c[xy]="([^"]+)"', html)
    assert len(coordinates) == 8
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", c) for c in coordinates), coordinates
    assert "31/12/2007 : 27" in html


def test_empty_chart(demo):
    empty = Indicator.objects.create(charter=demo, name="Vide", unit="u")
    assert line_chart(empty, [])["empty"] is True


@pytest.mark.parametrize(("role", "allowed"), [("coordination", True), ("opac-sud", True), ("logirem", True),
                                               ("comite", False)])  # fmt: skip
def test_who_records_a_measurement(indicator, client_as, role, allowed):
    """The coordinator, and referents of organisations leading an action that feeds the indicator
    (OPAC Sud and LOGIREM both lead one in the demo)."""
    client = client_as(role)
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


def test_duplicate_measurement_is_refused(indicator, client_as, demo):
    pins = demo.territories.get(slug="les-pins")
    before = all_counts()
    response = client_as("coordination").post(
        indicator.get_absolute_url(), {"measured_on": "2007-12-31", "territory": pins.pk, "value": "30"}
    )
    assert response.status_code == 400
    assert "Une mesure existe déjà à cette date pour ce quartier." in response.content.decode()
    assert all_counts() == before


def test_indicators_are_not_public(indicator, client_as):
    assert client_as(None).get(indicator.get_absolute_url()).status_code == 302
