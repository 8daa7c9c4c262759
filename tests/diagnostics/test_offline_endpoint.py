"""The endpoint of the offline queue: a finding sent with the id its device made is created once; sent
again, the server answers with the one it holds; refused posts write nothing and say why in JSON."""

import datetime as dt
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from diagnostics.choices import PlaceKind
from diagnostics.models import Finding, FindingPhoto
from tests.utils import all_counts, client_as

from .factories import INSIDE_A, photo_upload, walk

URL = reverse("diagnostics:finding_submit")


def payload(field, planned, **overrides):
    return {
        "client_id": str(uuid.uuid4()),
        "walk": planned.pk,
        "category": field.categories["encombrants"].pk,
        "place_kind": PlaceKind.PUBLIC,
        "latitude": INSIDE_A[0] + 0.0000001234,
        "longitude": INSIDE_A[1],
        "severity": 2,
        "description": "Matelas sur le trottoir",
        "observed_at": (timezone.now() - dt.timedelta(hours=3)).isoformat(),
    } | overrides


@pytest.fixture
def planned(field):
    return walk(field, team=[field.referent_a])


def test_created_once_then_answered_with_the_same_finding(field, planned):
    client = client_as(field.referent_a)
    data = payload(field, planned, observed_at="")
    first = client.post(URL, data | {"photos": [photo_upload("a.jpg"), photo_upload("b.jpg")]})
    assert first.status_code == 201, first.content
    finding = Finding.objects.get(client_id=data["client_id"])
    assert first.json() == {"id": finding.pk, "url": finding.get_absolute_url(), "created": True}
    assert finding.photos.count() == 2 and finding.walk == planned and finding.source == "walk"
    assert str(finding.latitude) == f"{INSIDE_A[0]:.6f}"
    again = client.post(URL, data | {"photos": [photo_upload("a.jpg"), photo_upload("b.jpg")]})
    assert again.status_code == 200 and again.json()["id"] == finding.pk and again.json()["created"] is False
    assert Finding.objects.filter(client_id=data["client_id"]).count() == 1
    assert FindingPhoto.objects.filter(finding=finding).count() == 2


def test_refused_posts_write_nothing(field, planned):
    client = client_as(field.referent_a)
    before = all_counts()
    cases = [
        (payload(field, planned, client_id=""), 400, "client_id"),
        (payload(field, planned, description=""), 400, "description"),
        (payload(field, planned, latitude=91), 400, "latitude"),
        (payload(field, planned, latitude=1.0, longitude=1.0), 400, "latitude"),  # far from every quarter
        (payload(field, planned, place_kind=PlaceKind.BUILDING), 400, "residence"),
        (payload(field, planned, observed_at="2001-01-01T00:00:00Z"), 400, "observed_at"),
        (payload(field, planned, observed_at="2099-01-01T00:00:00Z"), 400, "observed_at"),
        (payload(field, planned, category=10**30), 400, "category"),
        (
            payload(field, planned) | {"photos": [photo_upload("x.jpg", b"%PDF-1.4 not an image")]},
            400,
            "photos",
        ),
    ]
    for data, status, field_name in cases:
        response = client.post(URL, data)
        assert response.status_code == status, (field_name, response.content)
        assert field_name in response.json()["errors"], (field_name, response.json())
    assert all_counts() == before


def test_who_may_send(field, planned):
    data = payload(field, planned)
    assert Client().post(URL, data).status_code == 401
    for user in (field.referent_b, field.member, field.outsider):
        client = client_as(user)
        before = all_counts()
        assert client.post(URL, data).status_code == 404
        assert all_counts() == before
    # Outside a walk, a referent of the charter records in the field.
    data = payload(field, planned, walk="", charter=field.charter.slug)
    assert client_as(field.referent_b).post(URL, data).status_code == 201
    assert Finding.objects.get(client_id=data["client_id"]).source == "field"


def test_a_client_id_taken_by_a_finding_the_user_cannot_see(field, planned, demo):
    demo_finding = (
        Finding.objects.filter(charter=demo, client_id__isnull=False).exclude(is_public=True).first()
    )
    data = payload(field, planned, client_id=str(demo_finding.client_id))
    response = client_as(field.referent_a).post(URL, data)
    assert response.status_code == 409, response.content.decode()


def test_a_body_too_large_is_refused_before_it_is_read(field, planned):
    client = client_as(field.referent_a)
    before = all_counts()
    response = client.post(URL, payload(field, planned), CONTENT_LENGTH=str(60 * 1024 * 1024))
    assert response.status_code == 413 and "Mo" in response.json()["error"]
    assert all_counts() == before


def test_the_csrf_check_still_applies(field, planned):
    client = Client(enforce_csrf_checks=True)
    client.force_login(field.referent_a)
    before = all_counts()
    assert client.post(URL, payload(field, planned)).status_code == 403
    assert all_counts() == before


def test_the_service_worker_is_served_for_the_findings_pages(client_as):
    response = client_as(None).get(reverse("diagnostics:service_worker"))
    assert response.status_code == 200
    assert response["Service-Worker-Allowed"] == "/diagnostics/"
    assert response["Content-Type"].startswith("application/javascript")
    assert b"gusp-findings-v1" in response.content
