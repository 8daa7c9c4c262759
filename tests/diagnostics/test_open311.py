"""Open311 GeoReport v2: answers checked against the specification's field lists; a key reads its
organisation's findings and what is public, and changes only its own: another landlord's key can neither
read nor change them."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.dateparse import parse_datetime

from diagnostics import services
from diagnostics.choices import FindingState, PlaceKind
from diagnostics.models import ApiKey, Finding
from tests.utils import all_counts, client_as, stored_state

from .factories import INSIDE_A, record

# http://wiki.open311.org/GeoReport_v2 — « GET Service List » and « GET Service Requests ».
SERVICE_FIELDS = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
REQUEST_FIELDS = {
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "address_id", "zipcode", "lat", "long", "media_url",
}  # fmt: skip
CREATED_FIELDS = {"service_request_id", "service_notice", "account_id"}

SERVICES = reverse("diagnostics:open311_services")
REQUESTS = reverse("diagnostics:open311_requests")
UPDATES = reverse("diagnostics:open311_update")


def one(pk):
    return reverse("diagnostics:open311_request", args=[str(pk)])


def check_request(item):
    assert set(item) == REQUEST_FIELDS
    assert item["status"] in {"open", "closed"}
    assert isinstance(item["service_request_id"], str)
    for name in ("requested_datetime", "updated_datetime"):
        assert parse_datetime(item[name]) is not None and parse_datetime(item[name]).tzinfo is not None
    if item["expected_datetime"] is not None:
        assert parse_datetime(item["expected_datetime"]).tzinfo is not None
    assert item["lat"] is None or -90 <= item["lat"] <= 90


@pytest.fixture
def keys(field):
    key_a, raw_a = services.create_api_key(
        charter=field.charter, organisation=field.landlord_a, label="A", author=field.coordinator
    )
    key_b, raw_b = services.create_api_key(
        charter=field.charter, organisation=field.landlord_b, label="B", author=field.coordinator
    )
    return {"a": raw_a, "b": raw_b, "key_a": key_a}


@pytest.fixture
def findings(field):
    return {
        "a": record(field, residence=field.residence_a, entrance="Cage 3"),
        "b": record(field, residence=field.residence_b, entrance="Cage 9"),
        "public": record(
            field,
            category="encombrants",
            place=PlaceKind.PUBLIC,
            latitude=INSIDE_A[0],
            longitude=INSIDE_A[1],
            is_public=True,
        ),
        "public_in_residence": record(field, residence=field.residence_b, entrance="Cage 7", is_public=True),
    }


def test_services_json(field, keys):
    response = Client().get(SERVICES, {"jurisdiction_id": field.charter.slug})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    items = response.json()
    assert len(items) == 12
    for item in items:
        assert (
            set(item) == SERVICE_FIELDS
            and item["type"] in {"realtime", "batch", "blackbox"}
            and item["metadata"] is False
        )
    assert Client().get(SERVICES).status_code == 400  # which jurisdiction?
    assert Client().get(SERVICES, {"jurisdiction_id": "nowhere"}).status_code == 404
    discovery = Client().get(reverse("diagnostics:open311_discovery")).json()
    assert discovery["endpoints"][0]["url"].endswith("/open311/v2/")


def test_requests_json_without_key_shows_what_is_public_without_a_place_inside_a_residence(field, findings):
    items = Client().get(REQUESTS, {"jurisdiction_id": field.charter.slug}).json()
    assert {i["service_request_id"] for i in items} == {
        str(findings["public"].pk),
        str(findings["public_in_residence"].pk),
    }
    for item in items:
        check_request(item)
        assert "Cage" not in item["address"]
    inside = next(i for i in items if i["service_request_id"] == str(findings["public_in_residence"].pk))
    assert inside["lat"] is None and inside["address"].endswith("résidence Les Peupliers")
    outside = next(i for i in items if i["service_request_id"] == str(findings["public"].pk))
    assert outside["lat"] == pytest.approx(INSIDE_A[0]) and outside["agency_responsible"].startswith(
        "Agglomération"
    )


def test_a_key_reads_its_own_and_what_is_public_never_another_landlords(field, findings, keys):
    items = Client().get(REQUESTS, {"api_key": keys["a"]}).json()
    ids = {i["service_request_id"] for i in items}
    assert ids == {str(findings["a"].pk), str(findings["public"].pk), str(findings["public_in_residence"].pk)}
    own = next(i for i in items if i["service_request_id"] == str(findings["a"].pk))
    check_request(own)
    assert "Cage 3" in own["address"] and own["status"] == "open" and own["expected_datetime"] is not None
    assert Client().get(one(findings["b"].pk), {"api_key": keys["a"]}).status_code == 404
    assert (
        Client().get(REQUESTS, {"api_key": keys["a"], "service_request_id": str(findings["b"].pk)}).json()
        == []
    )
    assert Client().get(one(findings["b"].pk), {"api_key": keys["b"]}).status_code == 200


def test_standard_filters(field, findings, keys):
    params = {"api_key": keys["a"]}
    by_code = Client().get(REQUESTS, params | {"service_code": "encombrants"}).json()
    assert [i["service_request_id"] for i in by_code] == [str(findings["public"].pk)]
    services.change_state(finding=findings["a"], to_state=FindingState.ACKNOWLEDGED, author=field.referent_a)
    services.change_state(finding=findings["a"], to_state=FindingState.TREATED, author=field.referent_a)
    closed = Client().get(REQUESTS, params | {"status": "closed"}).json()
    assert [i["service_request_id"] for i in closed] == [str(findings["a"].pk)]
    assert all(i["status"] == "open" for i in Client().get(REQUESTS, params | {"status": "open"}).json())
    assert Client().get(REQUESTS, params | {"start_date": "2999-01-01T00:00:00Z"}).json() == []
    for bad in ({"status": "maybe"}, {"start_date": "hier"}, {"service_request_id": "1;DROP"}, {"page": "0"},
                {"start_date": "2024-02-01T00:00:00Z", "end_date": "2024-01-01T00:00:00Z"}):  # fmt: skip
        response = Client().get(REQUESTS, params | bad)
        assert response.status_code == 400
        assert set(response.json()[0]) == {"code", "description"}


def test_another_landlords_key_cannot_change_a_finding(field, findings, keys):
    before = stored_state(findings["a"])
    counts = all_counts()
    response = Client().post(
        UPDATES, {"api_key": keys["b"], "service_request_id": str(findings["a"].pk), "status": "FIXED"}
    )
    assert response.status_code == 404
    assert stored_state(findings["a"]) == before and all_counts() == counts


def test_the_organisation_in_charge_pushes_its_status(field, findings, keys):
    response = Client().post(
        UPDATES,
        {
            "api_key": keys["a"],
            "service_request_id": str(findings["a"].pk),
            "status": "FIXED",
            "description": "Nettoyé",
        },
    )
    assert response.status_code == 200, response.content
    finding = Finding.objects.get(pk=findings["a"].pk)
    assert finding.state == FindingState.TREATED
    assert [e.to_state for e in finding.events.filter(kind="transition")] == [
        FindingState.ACKNOWLEDGED,
        FindingState.TREATED,
    ]
    assert finding.events.last().api_key == keys["key_a"] and finding.events.last().comment == "Nettoyé"
    # Checking is the coordinator's: a key cannot close or reopen.
    assert (
        Client()
        .post(
            UPDATES, {"api_key": keys["a"], "service_request_id": str(finding.pk), "status": "ACKNOWLEDGED"}
        )
        .status_code
        == 409
    )


def test_a_partner_system_posts_a_request(field, keys):
    client_id = str(uuid.uuid4())
    data = {"api_key": keys["b"], "service_code": "encombrants", "lat": str(INSIDE_A[0]), "long": str(INSIDE_A[1]),
            "description": "Frigo abandonné", "attribute[client_id]": client_id}  # fmt: skip
    response = Client().post(REQUESTS, data)
    assert response.status_code == 201, response.content
    item = response.json()[0]
    assert set(item) == CREATED_FIELDS
    finding = Finding.objects.get(pk=int(item["service_request_id"]))
    assert (finding.source, finding.assigned_to, finding.created_by_organisation) == (
        "open311",
        field.cpa,
        field.landlord_b,
    )
    again = Client().post(REQUESTS, data)
    assert again.status_code == 200 and again.json()[0]["service_request_id"] == item["service_request_id"]
    before = all_counts()
    for bad in ({"api_key": ""}, {"api_key": "faux"}, {"service_code": "inconnu"}, {"lat": "", "long": ""},
                {"lat": "NaN"}, {"description": ""}, {"address_id": str(10**12)}, {"attribute[client_id]": "x"}):  # fmt: skip
        response = Client().post(REQUESTS, data | {"attribute[client_id]": str(uuid.uuid4())} | bad)
        assert response.status_code in {400, 403}, bad
        assert set(response.json()[0]) == {"code", "description"}
    assert all_counts() == before


def test_keys_are_stored_as_hashes_shown_once_and_revocable(field, keys):
    key = ApiKey.objects.get(pk=keys["key_a"].pk)
    assert keys["a"] not in str(vars(key)) and key.digest == services.api_keys.digest(keys["a"])
    coordinator = client_as(field.coordinator)
    response = coordinator.post(
        reverse("diagnostics:key_create", args=[field.charter.slug]),
        {"organisation": field.city.pk, "label": "Logiciel de la ville", "form_key": "d" * 32},
    )
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    raw = response.context["raw"]
    assert raw in response.content.decode()
    listing = coordinator.get(reverse("diagnostics:key_list", args=[field.charter.slug])).content.decode()
    assert raw not in listing and raw[:8] in listing
    services.revoke_api_key(key=key)
    assert Client().get(REQUESTS, {"api_key": keys["a"]}).status_code == 403
    assert (
        client_as(field.referent_a)
        .get(reverse("diagnostics:key_list", args=[field.charter.slug]))
        .status_code
        == 403
    )
