"""Perimeters in the national QPV open data format, points attached to the territory that contains them,
and the map's GeoJSON, parsed back with shapely."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from shapely.geometry import Point, shape

from charter.models import Territory
from diagnostics import geo
from diagnostics.choices import PlaceKind
from diagnostics.models import Perimeter
from tests.utils import all_counts, client_as

from .factories import INSIDE_A, INSIDE_B, SQUARE_A, record


def qpv_file(tmp_path, features, name="qp.geojson"):
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def feature(code, name, ring):
    return {"type": "Feature", "properties": {"code_qp": code, "lib_qp": name, "insee_com": "13117"},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}  # fmt: skip


def test_import_territories_from_a_qpv_file(field, tmp_path):
    moved = [[5.30, 43.40], [5.31, 43.40], [5.31, 43.41], [5.30, 43.41], [5.30, 43.40]]
    path = qpv_file(tmp_path, [
        feature("QN01301M", "LES AMANDIERS", moved),  # matched by name, accents and case aside
        feature("QN01302M", "La Nouvelle Cité", SQUARE_A),  # no such quarter
    ])  # fmt: skip
    out = io.StringIO()
    call_command("import_territories", str(path), "--charter", field.charter.slug, stdout=out)
    perimeter = Perimeter.objects.get(territory=field.territory)
    assert perimeter.code == "QN01301M" and perimeter.min_longitude == 5.30
    assert "ignoré : La Nouvelle Cité" in out.getvalue()
    call_command(
        "import_territories", str(path), "--charter", field.charter.slug, "--create-missing", stdout=out
    )
    created = Territory.objects.get(charter=field.charter, name="La Nouvelle Cité")
    assert created.outline.code == "QN01302M"
    # Imported again: matched by its code now.
    call_command("import_territories", str(path), "--charter", field.charter.slug, stdout=out)
    assert Territory.objects.filter(charter=field.charter).count() == 3


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        ({"type": "Point", "coordinates": [5.2, 43.4]}, "polygone"),
        (
            {
                "type": "Polygon",
                "coordinates": [[[893000, 6270000], [894000, 6270000], [894000, 6271000], [893000, 6270000]]],
            },
            "Lambert",
        ),
        (
            {
                "type": "Polygon",
                "coordinates": [[[5.0, 43.0], [5.1, 43.1], [5.1, 43.0], [5.0, 43.1], [5.0, 43.0]]],
            },
            "pas valide",
        ),
        ({"type": "Polygon", "coordinates": "n'importe quoi"}, "illisible"),
    ],
)
def test_bad_perimeters_are_refused_whole(field, tmp_path, geometry, message):
    path = qpv_file(
        tmp_path,
        [
            feature("A", "Les Amandiers", SQUARE_A),
            {"type": "Feature", "properties": {"lib_qp": "Le Vieux Moulin"}, "geometry": geometry},
        ],
    )
    before = all_counts()
    with pytest.raises(CommandError) as error:
        call_command("import_territories", str(path), "--charter", field.charter.slug, stdout=io.StringIO())
    assert message in str(error.value) and "Le Vieux Moulin" in str(error.value)
    assert all_counts() == before


def test_a_point_is_attached_to_the_territory_that_contains_it(field):
    assert geo.territory_at(field.charter.pk, *INSIDE_A) == field.territory
    assert geo.territory_at(field.charter.pk, *INSIDE_B) == field.other_territory
    assert geo.territory_at(field.charter.pk, 43.0, 5.0) is None
    finding = record(
        field,
        category="eclairage",
        place=PlaceKind.PUBLIC,
        territory=field.territory,
        latitude=INSIDE_B[0],
        longitude=INSIDE_B[1],
    )
    assert finding.territory == field.other_territory


def test_map_data_is_valid_geojson(field):
    inside = record(
        field, residence=field.residence_a, latitude=INSIDE_A[0], longitude=INSIDE_A[1], is_public=True
    )
    outside = record(
        field,
        category="eclairage",
        place=PlaceKind.PUBLIC,
        latitude=INSIDE_B[0],
        longitude=INSIDE_B[1],
        is_public=True,
    )
    hidden = record(
        field, category="eclairage", place=PlaceKind.PUBLIC, latitude=INSIDE_A[0], longitude=INSIDE_A[1]
    )
    url = reverse("diagnostics:map_data", args=[field.charter.slug])

    partner = client_as(field.referent_a).get(url)
    assert partner["Content-Type"] == "application/geo+json"
    data = partner.json()
    assert data["type"] == "FeatureCollection" and data["truncated"] is False
    shapes = {f["id"]: shape(f["geometry"]) for f in data["features"]}
    assert all(s.is_valid for s in shapes.values())
    assert shapes[f"territory-{field.territory.pk}"].contains(shapes[inside.pk])
    assert shapes[f"territory-{field.other_territory.pk}"].contains(shapes[outside.pk])
    assert shapes[hidden.pk].equals(Point(INSIDE_A[1], INSIDE_A[0]))  # GeoJSON: longitude first

    public = Client().get(url).json()
    ids = {f["id"] for f in public["features"]}
    assert outside.pk in ids and inside.pk not in ids and hidden.pk not in ids  # no point inside a residence
    assert all("organisation" not in f["properties"] for f in public["features"])
    filtered = client_as(field.referent_a).get(url, {"category": field.categories["eclairage"].pk}).json()
    assert {f["id"] for f in filtered["features"] if f["properties"].get("kind") != "territory"} == {
        outside.pk,
        hidden.pk,
    }
    assert client_as(field.referent_a).get(url, {"category": "x"}).status_code == 400


def test_the_map_page_is_a_list_when_tiles_do_not_load(field, settings):
    record(field, category="eclairage", place=PlaceKind.PUBLIC, latitude=INSIDE_B[0], longitude=INSIDE_B[1])
    settings.GUSP_MAP_TILE_URL = "https://tuiles.example.org/{z}/{x}/{y}.png"
    html = (
        client_as(field.referent_a)
        .get(reverse("diagnostics:map", args=[field.charter.slug]))
        .content.decode()
    )
    assert 'data-tile-url="https://tuiles.example.org/{z}/{x}/{y}.png"' in html
    assert "vendor/leaflet/leaflet.js" in html and "<table" in html and "Éclairage" in html
