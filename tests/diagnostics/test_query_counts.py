"""The field half's pages keep a constant number of SQL queries as data grows, under a recorded ceiling
(`__snapshots__/test_query_counts.ambr`; see tests/test_query_counts.py for how to update it on purpose).
Measured on the Vitrolles demonstration, grown with walks, findings in every state, photos-less reports
and Open311 keys."""

import itertools
import uuid

import pytest
from django.urls import reverse

from charter.models import Organisation, Residence, User
from diagnostics import services
from diagnostics.choices import CheckResult, FindingState, PlaceKind, Source
from diagnostics.models import Category, Finding, Report, WalkingDiagnostic
from tests.utils import assert_query_counts, count_queries

_counter = itertools.count(1)
SLUG = "vitrolles-2007"


def grow(charter, n: int) -> None:
    """n walks of the Pins nord sector, each with a finding per landlord residence and on public space
    brought to various states, a check of the previous walk, and n reports awaiting moderation."""
    coordination = User.objects.get(username="coordination")
    opac = User.objects.get(username="opac-sud")
    categories = list(Category.objects.filter(charter=charter).order_by("order"))
    residences = list(
        Residence.objects.in_charter(charter)
        .filter(territory__slug="les-pins")
        .select_related("landlord", "territory")
    )
    territory = residences[0].territory
    for _ in range(n):
        i = next(_counter)
        walk = services.save_walk(
            walk=WalkingDiagnostic(
                territory=territory,
                sector="Les Pins nord",
                planned_on=f"2008-{1 + i % 12:02d}-{1 + i % 27:02d}",
            ),
            author=coordination,
        )
        services.add_member(walk=walk, user=opac)
        for j, residence in enumerate([*residences, None]):
            finding, _ = services.record_finding(
                charter=charter, author=coordination, source=Source.WALK, walk=walk, category=categories[(i + j) % len(categories)],
                place_kind=PlaceKind.PUBLIC if residence is None else PlaceKind.BUILDING, residence=residence,
                entrance=f"Cage {j}", latitude=43.4551 if residence is None else None, longitude=5.2478 if residence is None else None,
                description=f"Constat {i}.{j}", is_public=j % 2 == 0, client_id=uuid.uuid4(),
            )  # fmt: skip
            for state in [FindingState.ACKNOWLEDGED, FindingState.TREATED][: j % 3]:
                services.change_state(finding=finding, to_state=state, author=coordination)
        previous = services.previous_open(walk).first()
        if previous is not None:
            services.check_at_walk(
                walk=walk, finding=previous, result=CheckResult.STILL_THERE, author=coordination
            )
        services.submit_report(
            charter=charter, category=categories[0], territory=territory, place_kind=PlaceKind.PUBLIC,
            description=f"Signalement {i}", email=f"h{i}@example.org",
        )  # fmt: skip
        services.create_api_key(
            charter=charter,
            organisation=Organisation.objects.get(slug="opac-sud"),
            label=f"Clé {i}",
            author=coordination,
        )


def pages(raw_key: str) -> dict[str, str]:
    walk = WalkingDiagnostic.objects.filter(charter__slug=SLUG, sector="Les Pins nord").order_by(
        "planned_on", "pk"
    )[1]
    finding = Finding.objects.filter(charter__slug=SLUG, description__startswith="Hall").get()
    return {
        "home": reverse("diagnostics:home", args=[SLUG]),
        "walk": walk.get_absolute_url(),
        "finding_list": reverse("diagnostics:finding_list", args=[SLUG]),
        "todo": reverse("diagnostics:todo", args=[SLUG]),
        "delays": reverse("diagnostics:delays", args=[SLUG]),
        "delays_by_month": reverse("diagnostics:delays", args=[SLUG]) + "?par=organisation-month",
        "map": reverse("diagnostics:map", args=[SLUG]),
        "map_data": reverse("diagnostics:map_data", args=[SLUG]),
        "finding": finding.get_absolute_url(),
        "moderation": reverse("diagnostics:moderation_list", args=[SLUG]),
        "public_list": reverse("diagnostics:public_list", args=[SLUG]),
        "open311_public": reverse("diagnostics:open311_requests")
        + f"?jurisdiction_id={SLUG}&start_date=2000-01-01T00:00:00Z",
        "open311_key": reverse("diagnostics:open311_requests")
        + f"?api_key={raw_key}&start_date=2000-01-01T00:00:00Z",
    }


PUBLIC_PAGES = {"map", "map_data", "public_list", "open311_public", "open311_key"}
COORDINATION_ONLY = {"moderation"}


@pytest.mark.parametrize("username", ["anonymous", "coordination", "opac-sud"])
def test_query_counts_do_not_grow_with_data(demo, client_as, snapshot, username):
    _, raw = services.create_api_key(
        charter=demo,
        organisation=Organisation.objects.get(slug="opac-sud"),
        label="Mesure",
        author=User.objects.get(username="coordination"),
    )
    client = client_as(None if username == "anonymous" else username)
    urls = {
        name: url
        for name, url in pages(raw).items()
        if (name in PUBLIC_PAGES or username != "anonymous")
        and (name not in COORDINATION_ONLY or username == "coordination")
    }
    grow(demo, 1)
    count_queries(client, urls)  # warm the per-process caches
    small = count_queries(client, urls)
    grow(demo, 3)
    large = count_queries(client, urls)
    assert Report.objects.filter(finding__charter=demo).count() >= 5
    assert_query_counts(small, large, snapshot)
