"""Routing: each category × kind of place goes to the organisation that must act (the default rules), with
a due date from the category's target delay; a rule change applies to new findings only; the coordinator
re-routes one finding by hand, with a reason."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from diagnostics import services
from diagnostics.choices import Assignee, EventKind, FindingState, PlaceKind
from diagnostics.demo import load_grid
from diagnostics.models import RoutingRule
from gusp.core.models import Job

from .factories import record

# The default grid's rules (diagnostics/data/default-grid.yaml), as (organisation, service) per category
# and place: "landlord" is the residence's landlord, "city"/"cpa" the charter's commune / intercommunality.
PUBLIC_SPACE = {
    "proprete-parties-communes": ("city", "Services techniques"),
    "encombrants": ("cpa", "Direction des collectes"),
    "collecte-dechets": ("cpa", "Direction des collectes"),
    "eclairage": ("city", "Éclairage public"),
    "vehicules": ("city", "Police municipale"),
    "degradations-tags": ("city", "Services techniques"),
    "aires-de-jeux-mobilier": ("city", "Services techniques"),
    "espaces-verts": ("city", "Espaces verts"),
    "nuisibles": ("city", "Hygiène et santé"),
    "securite-equipements": ("city", "Services techniques"),
    "controle-acces": ("city", "Services techniques"),
    "autre": ("city", "Services techniques"),
}
CATEGORIES = sorted(PUBLIC_SPACE)


def _expected(field, who):
    return {"city": field.city, "cpa": field.cpa}[who]


@pytest.mark.parametrize("code", CATEGORIES)
def test_a_finding_in_a_residence_building_goes_to_its_landlord(field, code):
    for residence, landlord in [(field.residence_a, field.landlord_a), (field.residence_b, field.landlord_b)]:
        finding = record(field, category=code, place=PlaceKind.BUILDING, residence=residence)
        assert (finding.assigned_to, finding.assigned_service) == (landlord, "")
        assert finding.state == FindingState.NEW


@pytest.mark.parametrize("code", CATEGORIES)
def test_a_finding_on_residence_grounds_goes_to_its_landlord_but_vehicles_to_the_police(field, code):
    finding = record(field, category=code, place=PlaceKind.GROUNDS, residence=field.residence_b)
    if code == "vehicules":
        assert (finding.assigned_to, finding.assigned_service) == (field.city, "Police municipale")
    else:
        assert (finding.assigned_to, finding.assigned_service) == (field.landlord_b, "")


@pytest.mark.parametrize("code", CATEGORIES)
def test_a_finding_on_public_space_goes_to_the_service_in_charge(field, code):
    who, service = PUBLIC_SPACE[code]
    finding = record(field, category=code, place=PlaceKind.PUBLIC)
    assert (finding.assigned_to, finding.assigned_service) == (_expected(field, who), service)
    assert finding.residence is None


def test_due_date_is_the_routing_day_plus_the_category_target_delay(field):
    # Routed at 23:30 on 31 January, Paris time: the day counted is the 31st (local), not the 1st.
    routed = dt.datetime(2024, 1, 31, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    bulky = record(field, category="encombrants", place=PlaceKind.PUBLIC, now=routed, observed_at=routed)
    assert field.categories["encombrants"].target_days == 7
    assert bulky.due_on == dt.date(2024, 2, 7)
    assert bulky.routed_at == routed


def test_a_rule_change_applies_to_new_findings_only(field):
    before = record(field, category="encombrants", place=PlaceKind.PUBLIC)
    rule = RoutingRule.objects.get(
        charter=field.charter, category=field.categories["encombrants"], place_kind="public"
    )
    rule.organisation, rule.service = field.city, "Propreté urbaine"
    services.save_rule(rule=rule)
    category = field.categories["encombrants"]
    category.target_days = 2
    services.save_category(category=category)
    after = record(field, category="encombrants", place=PlaceKind.PUBLIC)

    before.refresh_from_db()
    assert (before.assigned_to, before.assigned_service) == (field.cpa, "Direction des collectes")
    assert before.due_on == timezone.localdate(before.routed_at) + dt.timedelta(days=7)
    assert (after.assigned_to, after.assigned_service) == (field.city, "Propreté urbaine")
    assert after.due_on == timezone.localdate(after.routed_at) + dt.timedelta(days=2)


def test_the_category_rule_wins_over_the_general_one_and_no_rule_leaves_it_to_the_coordinator(field):
    RoutingRule.objects.filter(charter=field.charter, place_kind="public").delete()
    unrouted = record(field, category="eclairage", place=PlaceKind.PUBLIC)
    assert unrouted.assigned_to is None and unrouted.due_on is not None
    assert unrouted.state == FindingState.NEW
    assert not Job.objects.filter(key__startswith=f"diagnostics:routed:{unrouted.pk}:").exists()


def test_a_landlord_rule_is_refused_on_public_space(field):
    with pytest.raises(ValidationError) as error:
        services.save_rule(
            rule=RoutingRule(
                charter=field.charter,
                category=field.categories["autre"],
                place_kind=PlaceKind.PUBLIC,
                assignee=Assignee.LANDLORD,
            )
        )
    assert "bailleur" in str(error.value)


def test_the_default_grid_is_created_once_and_keeps_the_coordinators_changes(field):
    category = field.categories["eclairage"]
    category.target_days = 30
    services.save_category(category=category)
    load_grid(field.charter)
    category.refresh_from_db()
    assert category.target_days == 30
    assert field.charter.finding_categories.count() == 12


def test_routing_notifies_the_organisations_referents_through_a_durable_job(field):
    finding = record(field, category="encombrants", place=PlaceKind.PUBLIC)
    job = Job.objects.get(key=f"diagnostics:routed:{finding.pk}:1")
    assert job.name == "diagnostics.notify_routed" and job.kwargs == {"finding_id": finding.pk, "sequence": 1}


def test_the_coordinator_reroutes_by_hand_with_a_reason(field):
    finding = record(field, category="encombrants", place=PlaceKind.PUBLIC)
    with pytest.raises(ValidationError):
        services.reroute(finding=finding, organisation=field.city, reason="  ", author=field.coordinator)
    with pytest.raises(ValidationError):
        services.reroute(
            finding=finding,
            organisation=field.city,
            reason="Sur le domaine communal",
            author=field.referent_a,
        )
    services.reroute(
        finding=finding,
        organisation=field.city,
        service="Propreté",
        reason="Sur le domaine communal",
        author=field.coordinator,
    )
    finding.refresh_from_db()
    assert (finding.assigned_to, finding.assigned_service, finding.routing_count) == (
        field.city,
        "Propreté",
        2,
    )
    event = finding.events.get(kind=EventKind.REROUTED)
    assert (event.from_organisation, event.to_organisation, event.comment) == (
        field.cpa,
        field.city,
        "Sur le domaine communal",
    )
    assert Job.objects.filter(key=f"diagnostics:routed:{finding.pk}:2").exists()
