"""Walking diagnostics: planning one, its team, recording findings on it (as a page, without JavaScript),
its page as the written synthesis (printable), and the check of the previous walks of the sector."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from diagnostics.choices import FindingState, PlaceKind
from diagnostics.models import Finding, WalkingDiagnostic, WalkMember
from tests.utils import all_counts, client_as, stored_state

from .factories import INSIDE_B, photo_upload, record, walk


def test_a_referent_plans_a_walk_and_joins_its_team(field):
    client = client_as(field.referent_a)
    response = client.post(
        reverse("diagnostics:walk_create", args=[field.charter.slug]),
        {
            "territory": field.territory.pk,
            "sector": "  Nord   est ",
            "planned_on": timezone.localdate().isoformat(),
            "start_time": "09:30",
            "meeting_point": "Centre social",
            "route": "Tour du quartier",
            "form_key": "1" * 32,
        },
    )
    planned = WalkingDiagnostic.objects.get(charter=field.charter)
    assert response.status_code == 302 and response["Location"] == planned.get_absolute_url()
    assert planned.sector == "Nord est" and planned.organiser == field.referent_a
    assert WalkMember.objects.get(walk=planned).user == field.referent_a
    # Posted twice (a double tap): one walk.
    client.post(
        reverse("diagnostics:walk_create", args=[field.charter.slug]),
        {"territory": field.territory.pk, "planned_on": "2024-01-01", "form_key": "1" * 32},
    )
    assert WalkingDiagnostic.objects.filter(charter=field.charter).count() == 1


def test_implausible_dates_and_another_charters_quarter_are_refused(field, demo):
    client = client_as(field.coordinator)
    before = all_counts()
    for data in (
        {"territory": field.territory.pk, "planned_on": "1850-01-01"},
        {"territory": demo.territories.first().pk, "planned_on": "2024-01-01"},
        {"territory": 10**30, "planned_on": "2024-01-01"},
    ):
        response = client.post(reverse("diagnostics:walk_create", args=[field.charter.slug]), data)
        assert response.status_code == 400
    assert all_counts() == before


def test_a_committee_member_and_an_outsider_do_not_plan_walks(field):
    url = reverse("diagnostics:walk_create", args=[field.charter.slug])
    assert client_as(field.member).get(url).status_code == 403
    assert client_as(field.outsider).get(url).status_code == 404


def test_a_walker_records_a_finding_without_javascript(field):
    planned = walk(field, team=[field.referent_b])
    client = client_as(field.referent_b)
    url = reverse("diagnostics:capture_walk", args=[planned.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="form_key"' in page.content.decode()
    data = {
        "category": field.categories["eclairage"].pk, "place_kind": PlaceKind.PUBLIC, "latitude": INSIDE_B[0],
        "longitude": INSIDE_B[1], "severity": 3, "description": "Lampadaire éteint", "photos": [photo_upload("lampe.jpg")],
        "form_key": "2" * 32,
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == url
    finding = Finding.objects.get(walk=planned)
    # The point lies in the other quarter's perimeter: the finding is attached to it.
    assert finding.territory == field.other_territory
    assert (finding.assigned_to, finding.assigned_service) == (field.city, "Éclairage public")
    assert finding.photos.get().width == 64 and finding.created_by == field.referent_b
    client.post(url, data | {"photos": [photo_upload("lampe.jpg")]})  # the same form again: no second finding
    assert Finding.objects.filter(walk=planned).count() == 1


def test_only_the_team_records_on_a_walk(field):
    planned = walk(field, team=[field.referent_a])
    url = reverse("diagnostics:capture_walk", args=[planned.pk])
    assert client_as(field.referent_b).get(url).status_code == 404
    assert client_as(field.member).get(url).status_code == 404


def test_the_walk_page_is_its_synthesis_and_checks_the_previous_walk(field):
    first = walk(field, days_ago=61, sector="Nord", team=[field.referent_a])
    stairwell = record(field, walk=first, residence=field.residence_a, entrance="Bât. B, cage 3")
    lamp = record(field, walk=first, category="eclairage", place=PlaceKind.PUBLIC)
    elsewhere = walk(field, days_ago=30, sector="Sud")
    record(field, walk=elsewhere, category="nuisibles")
    second = walk(field, days_ago=0, sector="nord", team=[field.referent_b])

    client = client_as(field.referent_b)
    html = client.get(first.get_absolute_url()).content.decode()
    assert "Bât. B, cage 3" in html and "Propreté des parties communes" in html and "Éclairage" in html
    assert "Qui doit agir" in html and "Bailleur A" in html and "Ville de Testeville" in html
    assert "diagnostics/diagnostics.css" in html and "data-print" in html

    html = client.get(second.get_absolute_url()).content.decode()
    assert f"n°{stairwell.pk}" in html and f"n°{lamp.pk}" in html
    assert "Nuisibles" not in html  # another sector
    check = reverse("diagnostics:walk_check", args=[second.pk, stairwell.pk])
    assert client.post(check, {"result": "fixed", "comment": "Propre"}).status_code == 302
    stairwell.refresh_from_db()
    assert stairwell.state == FindingState.CHECKED
    assert "Vérifiés lors de ce diagnostic" in client.get(second.get_absolute_url()).content.decode()
    # Somebody outside the second walk's team: nothing happens.
    member = client_as(field.member)
    before = stored_state(lamp)
    assert (
        member.post(
            reverse("diagnostics:walk_check", args=[second.pk, lamp.pk]), {"result": "fixed"}
        ).status_code
        == 404
    )
    assert stored_state(lamp) == before


def test_walk_rhythm_per_sector(field):
    walk(field, days_ago=70, sector="Nord")
    walk(field, days_ago=10, sector="Sud")
    html = (
        client_as(field.coordinator)
        .get(reverse("diagnostics:home", args=[field.charter.slug]))
        .content.decode()
    )
    north = html.index("secteur Nord")
    assert "en retard" in html[north : north + 600]
    assert (timezone.localdate() - dt.timedelta(days=70) + dt.timedelta(days=61)).strftime("%d/%m/%Y") in html
