"""A small world for the field half, built with the platform's services on top of `tests.factories.worlds`:
the tests of a rule read it in full instead of relying on the demonstration data."""

import datetime as dt
import io
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from actions.uploads import check_upload
from charter.models import Organisation, User
from diagnostics import services
from diagnostics.choices import PlaceKind, Source
from diagnostics.demo import load_grid
from diagnostics.models import Category, Finding, WalkingDiagnostic
from tests.factories import OrganisationFactory, UserFactory
from tests.factories.worlds import World

# Two square quarters side by side, about 1 km each, near Vitrolles (longitude, latitude).
SQUARE_A = [[5.240, 43.450], [5.250, 43.450], [5.250, 43.458], [5.240, 43.458], [5.240, 43.450]]
SQUARE_B = [[5.250, 43.450], [5.260, 43.450], [5.260, 43.458], [5.250, 43.458], [5.250, 43.450]]
INSIDE_A = (43.454, 5.245)
INSIDE_B = (43.454, 5.255)


@dataclass
class Field:
    world: World
    cpa: Organisation
    cpa_referent: User
    city_referent: User
    categories: dict[str, Category]

    def __getattr__(self, name):
        return getattr(self.world, name)


def field_world(world: World) -> Field:
    cpa = OrganisationFactory(
        name="Agglomération de test", kind="intercommunality", partner_of=[world.charter]
    )
    categories = load_grid(world.charter)
    services.save_perimeter(
        territory=world.territory, geometry={"type": "Polygon", "coordinates": [SQUARE_A]}
    )
    services.save_perimeter(
        territory=world.other_territory, geometry={"type": "Polygon", "coordinates": [SQUARE_B]}
    )
    return Field(
        world=world,
        cpa=cpa,
        cpa_referent=UserFactory(referent=True, organisation=cpa, email="collectes@example.org"),
        city_referent=UserFactory(referent=True, organisation=world.city, email="ville@example.org"),
        categories=categories,
    )


def jpeg_bytes(size=(64, 48), color=(120, 90, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="JPEG")
    return buffer.getvalue()


def photo_upload(name="photo.jpg", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, content if content is not None else jpeg_bytes(), content_type="image/jpeg"
    )


def checked_photo(name="photo.jpg"):
    return check_upload(photo_upload(name))


def record(
    field: Field,
    *,
    category="proprete-parties-communes",
    place=PlaceKind.BUILDING,
    residence=None,
    author=None,
    walk=None,
    now=None,
    **kwargs,
) -> Finding:
    """A finding recorded and routed through the service (by the coordinator unless `author`)."""
    if place != PlaceKind.PUBLIC and residence is None:
        residence = field.residence_a
    if place == PlaceKind.PUBLIC:
        residence = None
    values = {
        "charter": field.charter,
        "author": author or field.coordinator,
        "source": Source.WALK if walk else Source.FIELD,
        "walk": walk,
        "category": field.categories[category],
        "place_kind": place,
        "residence": residence,
        "territory": field.territory,
        "description": "Constat de test",
        "now": now,
    } | kwargs
    finding, _ = services.record_finding(**values)
    return finding


def walk(field: Field, *, days_ago: int = 0, sector: str = "Nord", team=()) -> WalkingDiagnostic:
    planned = services.save_walk(
        walk=WalkingDiagnostic(
            territory=field.territory,
            sector=sector,
            planned_on=timezone.localdate() - dt.timedelta(days=days_ago),
        ),
        author=field.coordinator,
    )
    for user in team:
        services.add_member(walk=planned, user=user)
    return planned
