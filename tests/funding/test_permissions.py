"""Who edits what, through HTTP: a partner's referents edit their own organisation's commitments and
nothing else; committee members read; the coordinator edits all. Every refused request leaves the
database as it was."""

from decimal import Decimal

import pytest
from django.urls import reverse

from funding.models import FundingCommitment, Payment
from tests.utils import all_counts, stored_state

from .factories import commitment_payload


def assert_unchanged(client, method, url, data, status, *records):
    before = [stored_state(r) for r in records] or [all_counts()]
    response = getattr(client, method)(url, data or {})
    assert response.status_code == status, (url, response.status_code)
    after = [stored_state(r) for r in records] or [all_counts()]
    assert after == before
    assert all_counts() == (before[-1][-1] if records else before[0])
    return response


def test_a_referent_creates_their_own_commitment(funding_world, client_as):
    fw = funding_world
    client = client_as(fw.w.referent_a)
    url = reverse("funding:commitment_create", args=[fw.w.charter.slug])
    form = client.get(url).content.decode()
    # Only their organisation's financer is offered.
    assert "Bailleur A" in form and "Bailleur B" not in form and "Ville</option>" not in form

    response = client.post(
        url,
        commitment_payload(
            financer=fw.landlord_a.pk, sheet=fw.sheet_3.pk, year=fw.year, amount="1 234,56", state="hoped"
        ),
    )

    assert response.status_code == 302
    created = FundingCommitment.objects.get(financer=fw.landlord_a, sheet=fw.sheet_3)
    assert created.amount == Decimal("1234.56") and created.created_by == fw.w.referent_a


def test_a_referent_cannot_commit_for_another_financer(funding_world, client_as):
    fw = funding_world
    client = client_as(fw.w.referent_a)
    url = reverse("funding:commitment_create", args=[fw.w.charter.slug])
    for financer in [fw.landlord_b, fw.city, fw.landlords, fw.cucs]:
        response = assert_unchanged(
            client,
            "post",
            url,
            commitment_payload(
                financer=financer.pk, sheet=fw.sheet_3.pk, year=fw.year, amount="10", state="hoped"
            ),
            400,
        )
        assert "Financeur inconnu" in response.content.decode()


@pytest.mark.parametrize("who", ["referent_a", "member", "outsider"])
def test_others_commitments_cannot_be_touched(funding_world, client_as, who):
    """Landlord B's commitment and the city's: a 404 for landlord A's referent, the region's committee
    member and an outsider, whatever they post."""
    fw = funding_world
    client = client_as(getattr(fw.w, who))
    city_payment = fw.city_mission.payments.get()
    for commitment in [fw.b_sheet_1, fw.city_mission]:
        edit = reverse("funding:commitment_edit", args=[commitment.pk])
        assert_unchanged(client, "get", edit, None, 404, commitment)
        assert_unchanged(client, "post", edit, commitment_payload(commitment, amount="1,00"), 404, commitment)
        assert_unchanged(
            client, "post", reverse("funding:commitment_delete", args=[commitment.pk]), None, 404, commitment
        )
        assert_unchanged(
            client,
            "post",
            reverse("funding:payment_create", args=[commitment.pk]),
            {"paid_on": f"{fw.year}-05-01", "amount": "1"},
            404,
            commitment,
        )
    assert_unchanged(
        client, "post", reverse("funding:payment_delete", args=[city_payment.pk]), None, 404, fw.city_mission
    )


def test_a_referent_cannot_hand_their_commitment_to_another_financer(funding_world, client_as):
    fw = funding_world
    client = client_as(fw.w.referent_a)
    url = reverse("funding:commitment_edit", args=[fw.a_sheet_1.pk])
    response = assert_unchanged(
        client, "post", url, commitment_payload(fw.a_sheet_1, financer=fw.landlord_b.pk), 400, fw.a_sheet_1
    )
    assert "Financeur inconnu" in response.content.decode()
    # Their own change goes through.
    assert client.post(url, commitment_payload(fw.a_sheet_1, amount="8 500,00")).status_code == 302
    assert FundingCommitment.objects.get(pk=fw.a_sheet_1.pk).amount == Decimal("8500.00")


def test_the_coordinator_edits_every_commitment(funding_world, client_as):
    fw = funding_world
    client = client_as(fw.w.coordinator)
    response = client.post(
        reverse("funding:commitment_edit", args=[fw.b_sheet_1.pk]),
        commitment_payload(fw.b_sheet_1, amount="2600"),
    )
    assert response.status_code == 302
    assert FundingCommitment.objects.get(pk=fw.b_sheet_1.pk).amount == Decimal("2600.00")


@pytest.mark.parametrize("who", ["referent_a", "member"])
def test_the_coordinators_pages_are_refused_to_partners(funding_world, client_as, who):
    fw = funding_world
    client = client_as(getattr(fw.w, who))
    slug = fw.w.charter.slug
    assert_unchanged(
        client,
        "post",
        reverse("funding:financer_create", args=[slug]),
        {"name": "X", "kind": "complementary"},
        404,
    )
    assert_unchanged(
        client,
        "post",
        reverse("funding:financer_edit", args=[fw.city.pk]),
        {"name": "X", "kind": "partner"},
        404,
        fw.city,
    )
    assert_unchanged(
        client,
        "post",
        reverse("funding:mission_budget_edit", args=[slug, fw.year]),
        {"year": fw.year, "total_cost": "1"},
        403,
    )
    assert_unchanged(client, "post", reverse("funding:publish", args=[slug, fw.year]), None, 404)


def test_committee_members_read_everything_and_edit_nothing(funding_world, client_as):
    fw = funding_world
    client = client_as(fw.w.member)
    slug = fw.w.charter.slug
    for url in [
        reverse("funding:table", args=[slug]) + f"?annee={fw.year}",
        reverse("funding:commitment_list", args=[slug]),
        reverse("funding:mission", args=[slug]),
        reverse("funding:financer_list", args=[slug]),
        reverse("funding:commitment_detail", args=[fw.a_sheet_1.pk]),
        reverse("funding:sheet_budget", args=[fw.sheet_1.pk]),
    ]:
        page = client.get(url)
        assert page.status_code == 200, url
        assert "/modifier/" not in page.content.decode() and "Nouvel engagement" not in page.content.decode()
    assert_unchanged(
        client,
        "post",
        reverse("funding:commitment_create", args=[slug]),
        commitment_payload(
            financer=fw.region.pk, sheet=fw.sheet_3.pk, year=fw.year, amount="10", state="hoped"
        ),
        403,
    )


def test_a_referent_records_payments_on_their_own_commitment(funding_world, client_as):
    fw = funding_world
    client = client_as(fw.w.referent_a)
    response = client.post(
        reverse("funding:payment_create", args=[fw.a_sheet_1.pk]),
        {"paid_on": f"{fw.year}-09-01", "amount": "1 000,00"},
    )
    assert response.status_code == 302
    assert FundingCommitment.objects.get(pk=fw.a_sheet_1.pk).paid_total == Decimal("4000.00")
    assert Payment.objects.filter(commitment=fw.a_sheet_1).count() == 2
