"""The map of territories' perimeters and findings (Leaflet, static/js/findings-map.js). The page is first a
filtered, paginated list: it stays usable when the tiles (or JavaScript) do not load. The map draws the
GeoJSON of `map_data` with the same filters. Inhabitants see the published findings only, without any
place inside a residence."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from charter.models import Charter
from charter.perms import is_member

from ..filters import FindingFilter
from ..geo import finding_feature, perimeter_feature
from ..models import Finding, Perimeter
from .common import paginate

MAP_MAX_FEATURES = 5000
DEFAULT_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_ATTRIBUTION = "© les contributeurs d'OpenStreetMap"


def tiles() -> dict:
    return {
        "url": getattr(settings, "GUSP_MAP_TILE_URL", DEFAULT_TILES),
        "attribution": getattr(settings, "GUSP_MAP_TILE_ATTRIBUTION", DEFAULT_ATTRIBUTION),
    }


def _filtered(request, charter):
    public = not is_member(request.user, charter.pk)
    base = Finding.objects.public() if public else Finding.objects.visible_to(request.user)
    findings = base.filter(charter=charter).with_related().late_first()
    return FindingFilter(request.GET or None, queryset=findings, charter=charter, public=public), public


@login_not_required
def map_page(request, slug):
    charter = get_object_or_404(Charter.objects.visible_to(request.user), slug=slug)
    finding_filter, public = _filtered(request, charter)
    page, query = paginate(request, finding_filter.qs)
    context = {
        "charter": charter,
        "filter": finding_filter,
        "page": page,
        "query": query,
        "public": public,
        "data_url": reverse("diagnostics:map_data", args=[charter.slug]) + (f"?{query}" if query else ""),
        "tiles": tiles(),
        "approximate": Perimeter.objects.filter(territory__charter=charter, is_approximate=True).exists(),
    }
    return render(request, "diagnostics/map.html", context)


@login_not_required
def map_data(request, slug):
    """The perimeters and the findings that have a point, as a GeoJSON FeatureCollection (RFC 7946)."""
    charter = get_object_or_404(Charter.objects.visible_to(request.user), slug=slug)
    finding_filter, public = _filtered(request, charter)
    if finding_filter.is_bound and not finding_filter.is_valid():
        return JsonResponse({"error": "Filtres invalides."}, status=400)
    perimeters = Perimeter.objects.filter(territory__charter=charter).select_related("territory")
    if public:
        perimeters = perimeters.filter(territory__is_published=True)
    features = [perimeter_feature(p) for p in perimeters.order_by("territory__name")]
    located = finding_filter.qs.filter(latitude__isnull=False, longitude__isnull=False)
    if public:
        located = located.filter(residence__isnull=True)
    rows = list(located[: MAP_MAX_FEATURES + 1])
    for finding in rows[:MAP_MAX_FEATURES]:
        feature = finding_feature(finding, public=public, url=None if public else finding.get_absolute_url())
        if feature is not None:
            features.append(feature)
    collection = {
        "type": "FeatureCollection",
        "features": features,
        "truncated": len(rows) > MAP_MAX_FEATURES,
    }
    response = JsonResponse(collection, content_type="application/geo+json")
    response["Cache-Control"] = "private, no-cache"
    return response
