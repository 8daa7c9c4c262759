"""Territories' perimeters: saving one, importing a GeoJSON file in the format of the national QPV open
data (one Feature per quarter, its code and name in properties such as `code_qp` and `lib_qp`)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from charter import services as charter_services
from charter.models import Territory

from ..geo import bounds, check_plausible_point, parse_perimeter, territory_at  # noqa: F401 - re-exported
from ..models import Perimeter

MAX_FEATURES = 2000


@transaction.atomic
def save_perimeter(
    *, territory, geometry: dict, code: str = "", source: str = "", is_approximate: bool = False
) -> Perimeter:
    """Give the territory its outline (replacing the previous one); saving the same outline writes nothing."""
    outline = parse_perimeter(geometry)
    values = {
        "geometry": geometry,
        "code": code[:30],
        "source": source[:250],
        "is_approximate": is_approximate,
    }
    values |= bounds(outline)
    perimeter = Perimeter.objects.filter(territory=territory).first()
    if perimeter is not None and all(getattr(perimeter, name) == value for name, value in values.items()):
        return perimeter
    perimeter, _ = Perimeter.objects.update_or_create(territory=territory, defaults=values)
    return perimeter


@dataclass
class ImportResult:
    saved: list = field(default_factory=list)  # (feature name, territory, created)
    skipped: list = field(default_factory=list)  # (feature name, reason)


def _key(name: str) -> str:
    return slugify(name or "")


@transaction.atomic
def import_features(
    *,
    charter,
    collection: dict,
    code_property: str = "code_qp",
    name_property: str = "lib_qp",
    source: str = "",
    is_approximate: bool = False,
    create_missing: bool = False,
) -> ImportResult:
    """Give the charter's territories the perimeters of a FeatureCollection. A feature goes to the
    territory that already has its code, else to the one of the same name (accents and case aside); with
    `create_missing`, a territory is created for a feature that matches none. All or nothing: an invalid
    perimeter stops the import with its feature's name."""
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise ValidationError("Le fichier doit être une FeatureCollection GeoJSON.")
    features = collection.get("features") or []
    if len(features) > MAX_FEATURES:
        raise ValidationError(f"Au plus {MAX_FEATURES} quartiers par fichier.")
    territories = list(Territory.objects.filter(charter=charter).select_related("outline"))
    by_code = {t.outline.code: t for t in territories if hasattr(t, "outline") and t.outline.code}
    by_name = {_key(t.name): t for t in territories} | {t.slug: t for t in territories}
    result = ImportResult()
    for index, feature in enumerate(features, start=1):
        properties = (feature or {}).get("properties") or {}
        code = str(properties.get(code_property) or "").strip()
        name = str(properties.get(name_property) or properties.get("nom_qp") or "").strip()
        label = name or code or f"n°{index}"
        territory = by_code.get(code) if code else None
        territory = territory or by_name.get(_key(name))
        created = False
        if territory is None:
            if not (create_missing and name):
                result.skipped.append((label, "aucun quartier de ce nom ou de ce code dans la charte"))
                continue
            territory = charter_services.save_territory(territory=Territory(charter=charter, name=name[:150]))
            by_name[_key(name)] = territory
            created = True
        try:
            save_perimeter(
                territory=territory,
                geometry=(feature or {}).get("geometry"),
                code=code,
                source=source,
                is_approximate=is_approximate,
            )
        except ValidationError as error:
            raise ValidationError(f"Quartier « {label} » : {' '.join(error.messages)}") from error
        result.saved.append((label, territory, created))
    return result
