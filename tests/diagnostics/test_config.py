"""The coordinator edits the grid, the routing rules and the Open311 keys, and moderates reports; a
partner's referent forging those requests changes nothing."""

import time

from django.test import Client
from django.urls import reverse

from diagnostics.choices import FindingState
from diagnostics.forms import form_token
from diagnostics.models import Category, Report, RoutingRule
from tests.utils import all_counts, client_as, stored_state

from .factories import INSIDE_A


def test_the_coordinator_edits_the_grid_within_plausible_ranges(field):
    client = client_as(field.coordinator)
    category = field.categories["eclairage"]
    url = reverse("diagnostics:category_edit", args=[category.pk])
    base = {"label": "Éclairage", "code": "autre-code", "description": "", "target_days": 10, "order": 5, "is_active": "on",
            "edit_version": category.version}  # fmt: skip
    for bad in ({"target_days": 0}, {"target_days": 366}, {"target_days": 10**12}, {"order": -1}):
        assert client.post(url, base | bad).status_code == 400
    assert client.post(url, base).status_code == 302
    category.refresh_from_db()
    assert category.target_days == 10 and category.code == "eclairage"  # the service_code does not move
    response = client.post(reverse("diagnostics:category_create", args=[field.charter.slug]),
                           base | {"code": "eclairage", "edit_version": ""})  # fmt: skip
    assert response.status_code == 400 and "porte déjà ce code" in response.content.decode()


def test_a_referent_cannot_edit_the_grid_or_the_rules(field):
    client = client_as(field.referent_a)
    category = field.categories["eclairage"]
    rule = RoutingRule.objects.filter(charter=field.charter).first()
    before = stored_state(category), stored_state(rule)
    for url, data in [
        (reverse("diagnostics:category_edit", args=[category.pk]), {"label": "x", "target_days": 1}),
        (
            reverse("diagnostics:rule_edit", args=[rule.pk]),
            {"place_kind": "public", "assignee": "organisation"},
        ),
        (reverse("diagnostics:rule_delete", args=[rule.pk]), {}),
        (
            reverse("diagnostics:category_create", args=[field.charter.slug]),
            {"label": "x", "code": "x", "target_days": 1},
        ),
        (
            reverse("diagnostics:rule_create", args=[field.charter.slug]),
            {"place_kind": "public", "assignee": "landlord"},
        ),
        (
            reverse("diagnostics:key_create", args=[field.charter.slug]),
            {"organisation": field.landlord_a.pk, "label": "x"},
        ),
    ]:
        assert client.post(url, data).status_code in {403, 404}, url
    assert (stored_state(category), stored_state(rule)) == before


def test_the_coordinator_changes_a_rule_through_its_page(field):
    rule = RoutingRule.objects.get(
        charter=field.charter, category=field.categories["eclairage"], place_kind="public"
    )
    client = client_as(field.coordinator)
    response = client.post(reverse("diagnostics:rule_edit", args=[rule.pk]), {
        "category": rule.category_id, "place_kind": "public", "assignee": "organisation", "organisation": field.cpa.pk,
        "service": "Éclairage communautaire", "edit_version": rule.version})  # fmt: skip
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.organisation, rule.service) == (field.cpa, "Éclairage communautaire")
    # A second rule for the same category and place, and a landlord for the public space: refused.
    before = all_counts()
    for data in ({"category": rule.category_id, "place_kind": "public", "assignee": "organisation", "organisation": field.city.pk},
                 {"category": field.categories["autre"].pk, "place_kind": "public", "assignee": "landlord"},
                 {"category": field.categories["autre"].pk, "place_kind": "public", "assignee": "organisation", "organisation": field.outsider.organisation.pk}):  # fmt: skip
        assert (
            client.post(reverse("diagnostics:rule_create", args=[field.charter.slug]), data).status_code
            == 400
        )
    assert all_counts() == before


def test_moderation_through_its_page(field):
    Client().post(reverse("diagnostics:report", args=[field.charter.slug]), {
        "territory": field.territory.pk, "category": field.categories["encombrants"].pk, "place_kind": "public",
        "latitude": INSIDE_A[0], "longitude": INSIDE_A[1], "description": "Canapé devant chez M. Dupont",
        "email": "x@example.org", "started": form_token(time.time() - 30)})  # fmt: skip
    report = Report.objects.get(finding__charter=field.charter)
    url = reverse("diagnostics:moderate", args=[report.pk])
    assert client_as(field.referent_a).get(url).status_code == 404
    client = client_as(field.coordinator)
    data = {"decision": "accept", "category": field.categories["encombrants"].pk, "place_kind": "public",
            "territory": field.territory.pk, "place_note": "Rue des Pins", "description": "Canapé sur le trottoir",
            "is_public": "on", "edit_version": report.finding.version, "form_key": "9" * 32}  # fmt: skip
    assert client.post(url, data | {"decision": "reject"}).status_code == 400  # a rejection needs its reason
    response = client.post(url, data)
    assert response.status_code == 302
    finding = report.finding
    finding.refresh_from_db()
    assert (finding.state, finding.assigned_to, finding.description, finding.is_public) == (
        FindingState.NEW,
        field.cpa,
        "Canapé sur le trottoir",
        True,
    )
    assert client.get(url).status_code == 404  # moderated once
    assert Category.objects.filter(charter=field.charter).count() == 12
