"""Synthetic field data for benchmarks (`GUSP_SCALE_GENERATORS`): for each charter, the default grid and
rules, a walk every two months in each quarter for a year, a dozen findings per walk in every state, with
realistic clocks. Bulk-created (no history, no e-mail): it measures the pages, it does not test the rules."""

import datetime as dt

from django.utils import timezone

from charter.models import Residence

from .choices import FindingState, PlaceKind, Source
from .demo import load_grid
from .models import Finding, RoutingRule, WalkingDiagnostic
from .services.routing import choose

WALKS_PER_TERRITORY = 6
FINDINGS_PER_WALK = 12
# The large charter (a metropolis): 50,000 findings over its 60 quarters (times its `scale_size`).
LARGE_FINDINGS = 50_000
STATES = [
    FindingState.NEW,
    FindingState.ACKNOWLEDGED,
    FindingState.IN_PROGRESS,
    FindingState.TREATED,
    FindingState.CHECKED,
    FindingState.CHECKED,
    FindingState.CHECKED,
    FindingState.REOPENED,
    FindingState.REJECTED,
]


def generate(charters, rng) -> None:
    today = timezone.localdate()
    for charter in charters:
        categories = list(load_grid(charter).values())
        rules = list(RoutingRule.objects.filter(charter=charter).select_related("organisation"))
        residences = list(
            Residence.objects.filter(territory__charter=charter).select_related("landlord", "territory")
        )
        territories = list(charter.territories.all())
        per_walk = FINDINGS_PER_WALK
        if getattr(charter, "scale_shape", "") == "large":
            total = LARGE_FINDINGS * getattr(charter, "scale_size", 1.0)
            per_walk = max(1, round(total / (len(territories) * WALKS_PER_TERRITORY)))
        for territory in territories:
            local = [r for r in residences if r.territory_id == territory.pk] or residences
            walks = WalkingDiagnostic.objects.bulk_create(
                [
                    WalkingDiagnostic(
                        charter=charter,
                        territory=territory,
                        sector="",
                        planned_on=today - dt.timedelta(days=61 * (WALKS_PER_TERRITORY - i)),
                        route="Itinéraire synthétique",
                    )
                    for i in range(WALKS_PER_TERRITORY)
                ]
            )
            findings = []
            for walk in walks:
                for _ in range(per_walk):
                    findings.append(_finding(charter, walk, territory, local, categories, rules, rng))
            Finding.objects.bulk_create(findings, batch_size=500)


def _finding(charter, walk, territory, residences, categories, rules, rng) -> Finding:
    category = rng.choice(categories)
    kind = rng.choice([PlaceKind.BUILDING, PlaceKind.GROUNDS, PlaceKind.PUBLIC])
    residence = rng.choice(residences) if kind != PlaceKind.PUBLIC and residences else None
    if residence is None:
        kind = PlaceKind.PUBLIC
    observed = timezone.make_aware(
        dt.datetime.combine(walk.planned_on, dt.time(9 + rng.randint(0, 3), rng.randint(0, 59)))
    )
    routed = choose(rules, category=category, place_kind=kind, residence=residence)
    organisation, service = (routed.organisation, routed.service) if routed else (None, "")
    state = rng.choice(STATES)
    acknowledged = observed + dt.timedelta(hours=rng.randint(2, 120)) if state != FindingState.NEW else None
    treated = (
        observed + dt.timedelta(hours=rng.randint(24, 24 * 40))
        if state in (FindingState.TREATED, FindingState.CHECKED)
        else None
    )
    return Finding(
        charter=charter,
        source=Source.WALK,
        walk=walk,
        category=category,
        territory=territory,
        place_kind=kind,
        residence=residence,
        entrance=f"Entrée {rng.randint(1, 9)}" if residence else "",
        severity=rng.randint(1, 4),
        description=f"Constat synthétique ({category.label}).",
        state=state,
        assigned_to=organisation,
        assigned_service=service,
        routing_count=1,
        routed_at=observed,
        due_on=timezone.localdate(observed) + dt.timedelta(days=category.target_days),
        acknowledged_at=acknowledged,
        treated_at=treated,
        closed_at=treated
        if state == FindingState.CHECKED
        else (acknowledged if state == FindingState.REJECTED else None),
        reject_reason="not_ours" if state == FindingState.REJECTED else "",
        observed_at=observed,
    )
