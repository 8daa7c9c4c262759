"""The demonstration of the field half: loaded with the charter (once), marked as such, consistent with
the rules it shows; the benchmark generator runs."""

import random

from charter.data import VITROLLES_2007
from charter.models import Charter
from diagnostics import demo as diagnostics_demo
from diagnostics import scale
from diagnostics.choices import FindingState
from diagnostics.models import Category, Finding, Perimeter, Report, RoutingRule, WalkCheck, WalkingDiagnostic
from tests.utils import all_counts


def test_the_demo_loads_once(demo):
    before = all_counts()
    diagnostics_demo.load(VITROLLES_2007)
    assert all_counts() == before


def test_the_demo_is_marked_and_consistent(demo):
    walks = WalkingDiagnostic.objects.filter(charter=demo)
    assert walks.count() == 3 and all(w.is_demo for w in walks)
    findings = Finding.objects.filter(charter=demo)
    assert findings.count() == 11 and all(f.is_demo for f in findings)
    assert Perimeter.objects.filter(territory__charter=demo, is_approximate=True).count() == 6
    assert all("démonstration" in p.source for p in Perimeter.objects.filter(territory__charter=demo))
    assert (
        Category.objects.filter(charter=demo).count() == 12
        and RoutingRule.objects.filter(charter=demo).count() == 10
    )
    stairwell = findings.get(description__startswith="Hall et escalier")
    assert (stairwell.assigned_to.slug, stairwell.state) == ("opac-sud", FindingState.CHECKED)
    car = findings.get(description__startswith="Voiture sans plaques")
    assert (car.assigned_to.slug, car.assigned_service) == ("ville-vitrolles", "Police municipale")
    bulky = findings.get(description__startswith="Matelas")
    assert (bulky.assigned_to.slug, bulky.assigned_service) == ("cpa", "Direction des collectes")
    assert WalkCheck.objects.filter(walk__charter=demo).count() == 5
    assert Report.objects.get(finding__charter=demo).finding.state == FindingState.MODERATION
    assert (
        not Finding.objects.filter(charter=demo, latitude__isnull=False, residence__isnull=True)
        .exclude(territory__slug__in=["les-pins", "les-hermes"])
        .exists()
    )


def test_the_scale_generator(demo):
    charter = Charter.objects.get(slug="vitrolles-2007")
    before = Finding.objects.count()
    scale.generate([charter], random.Random(3))
    added = Finding.objects.count() - before
    assert added == charter.territories.count() * scale.WALKS_PER_TERRITORY * scale.FINDINGS_PER_WALK
    assert not Finding.objects.filter(charter=charter, routed_at__isnull=False, due_on__isnull=True).exists()
