"""Geometry of territories and findings, with shapely: reading GeoJSON perimeters (WGS 84 longitude /
latitude, the format of the national QPV open data), finding the territory that contains a point, and
writing findings and perimeters as GeoJSON for the map and the API."""

from decimal import Decimal

import shapely
from django.core.exceptions import ValidationError
from shapely.geometry import Point, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from .models import Perimeter

MAX_VERTICES = 100_000
# A point farther than this (in degrees, about 10 km) from every perimeter of the charter is a typo.
PLAUSIBLE_MARGIN = 0.1


def parse_perimeter(geometry: dict) -> BaseGeometry:
    """A Polygon or MultiPolygon in longitude/latitude, valid, of a sane size; else a French error."""
    if not isinstance(geometry, dict) or geometry.get("type") not in {"Polygon", "MultiPolygon"}:
        raise ValidationError("Le contour doit être un polygone (Polygon ou MultiPolygon GeoJSON).")
    try:
        outline = shape(geometry)
    except (ValueError, TypeError, AttributeError, IndexError) as error:
        raise ValidationError(f"Contour illisible : {error}.") from error
    if outline.is_empty:
        raise ValidationError("Le contour est vide.")
    if shapely.get_num_coordinates(outline) > MAX_VERTICES:
        raise ValidationError(f"Le contour a plus de {MAX_VERTICES} sommets.")
    min_x, min_y, max_x, max_y = outline.bounds
    if not (-180 <= min_x <= max_x <= 180 and -90 <= min_y <= max_y <= 90):
        raise ValidationError(
            "Les coordonnées ne sont pas des longitudes et latitudes (WGS 84) : reprojetez le fichier en "
            "EPSG:4326 (les données QPV en Lambert 93 doivent être converties)."
        )
    if not outline.is_valid:
        raise ValidationError(f"Le contour n'est pas valide : {explain_validity(outline)}.")
    return outline


def bounds(outline: BaseGeometry) -> dict:
    min_x, min_y, max_x, max_y = outline.bounds
    return {"min_longitude": min_x, "min_latitude": min_y, "max_longitude": max_x, "max_latitude": max_y}


def territory_at(charter_id: int, latitude, longitude):
    """The territory of the charter whose perimeter contains the point (the smallest one when perimeters
    overlap), or None."""
    lat, lon = float(latitude), float(longitude)
    candidates = Perimeter.objects.filter(
        territory__charter_id=charter_id,
        min_longitude__lte=lon,
        max_longitude__gte=lon,
        min_latitude__lte=lat,
        max_latitude__gte=lat,
    ).select_related("territory")
    point = Point(lon, lat)
    found = [(shape(p.geometry).area, p.territory) for p in candidates if shape(p.geometry).covers(point)]
    return min(found, key=lambda pair: pair[0])[1] if found else None


def check_plausible_point(charter, latitude, longitude) -> None:
    """Refuse a point far from all the charter's perimeters (when it has some)."""
    box = Perimeter.objects.filter(territory__charter=charter).values_list(
        "min_longitude", "min_latitude", "max_longitude", "max_latitude"
    )
    boxes = list(box)
    if not boxes:
        return
    lat, lon = float(latitude), float(longitude)
    margin = PLAUSIBLE_MARGIN
    if not any(a - margin <= lon <= c + margin and b - margin <= lat <= d + margin for a, b, c, d in boxes):
        raise ValidationError(
            {"latitude": "Ce point est à plus de 10 km des quartiers de la charte : vérifiez-le."}
        )


def _number(value) -> float | None:
    return float(value) if isinstance(value, Decimal | float | int) else None


def finding_feature(finding, *, public: bool, url: str | None = None) -> dict | None:
    """A finding as a GeoJSON Feature (None when it has no point, or when published and placed inside a
    residence: a published finding never shows an exact place in a residence)."""
    if not finding.has_point or (public and finding.residence_id):
        return None
    properties = {
        "id": finding.pk,
        "category": finding.category.label,
        "category_code": finding.category.code,
        "state": finding.state,
        "state_label": finding.get_state_display(),
        "territory": finding.territory.name,
        "place": finding.public_place_label if public else finding.place_label,
        "observed_on": finding.observed_at.date().isoformat(),
    }
    if not public:
        properties |= {
            "organisation": str(finding.assigned_to) if finding.assigned_to_id else "",
            "severity": finding.severity,
            "late": bool(getattr(finding, "is_late", False)),
            "due_on": finding.due_on.isoformat() if finding.due_on else None,
        }
    if url:
        properties["url"] = url
    return {
        "type": "Feature",
        "id": finding.pk,
        "geometry": mapping(Point(_number(finding.longitude), _number(finding.latitude))),
        "properties": properties,
    }


def perimeter_feature(perimeter) -> dict:
    territory = perimeter.territory
    return {
        "type": "Feature",
        "id": f"territory-{territory.pk}",
        "geometry": perimeter.geometry,
        "properties": {
            "kind": "territory",
            "territory": territory.name,
            "code": perimeter.code,
            "approximate": perimeter.is_approximate,
            "source": perimeter.source,
        },
    }
