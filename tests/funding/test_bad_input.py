"""Bad input on funding forms: a clear French error on the field, nothing written."""

import datetime as dt
import html
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from funding.models import FundingCommitment
from tests.factories import AmendmentFactory, CharterFactory, ProjectSheetFactory
from tests.utils import all_counts, stored_state

from .factories import FinancerFactory, commitment_payload


def refused(client, url, data, message) -> str:
    """Posting `data` is refused with `message`, says nothing was saved, and writes nothing."""
    before = all_counts()
    response = client.post(url, data)
    page = html.unescape(response.content.decode()).replace("\u00a0", " ")
    assert response.status_code == 400, (response.status_code, page[:2000])
    assert message in page, page[page.find("errorlist") - 300 : page.find("errorlist") + 600]
    assert "rien n'a été enregistré" in page
    assert all_counts() == before
    return page


@pytest.fixture
def coordinator(funding_world, client_as):
    return client_as(funding_world.w.coordinator)


def new(fw, **overrides):
    return commitment_payload(
        **{"financer": fw.city.pk, "sheet": fw.sheet_3.pk, "year": fw.year, "amount": "100", "state": "hoped"}
        | overrides
    )


PERIOD = "L'année doit être comprise dans la période de la charte"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"amount": "-5"}, "Le montant doit être positif : 0,01 € au moins."),
        ({"amount": "0"}, "Le montant doit être positif : 0,01 € au moins."),
        ({"amount": "douze euros"}, "Saisissez un montant en euros, par exemple 1 234,56."),
        ({"amount": "1,123456789012"}, "Un montant en euros a au plus deux décimales (les centimes)."),
        ({"amount": "1e309"}, "Le montant ne peut dépasser 100 milliards d'euros : vérifiez la saisie."),
        ({"amount": "100000000000,01"}, "Le montant ne peut dépasser 100 milliards d'euros"),
        ({"amount": "NaN"}, "Saisissez un montant en euros"),
        ({"amount": "-Infinity"}, "Saisissez un montant en euros"),
        ({"amount": ""}, "Ce champ est obligatoire."),
        ({"year": "1850"}, PERIOD),
        ({"year": "99999999999999999999999"}, PERIOD),
        ({"year": "deux mille"}, PERIOD),
        ({"financer": "999999"}, "Financeur inconnu"),
        ({"financer": "-1"}, "Financeur inconnu"),
        ({"financer": "99999999999999999999999999"}, "Financeur inconnu"),
        ({"financer": ""}, "Ce champ est obligatoire."),
        ({"sheet": "99999999"}, "Cette fiche n'appartient pas à cette charte."),
        ({"state": "paid"}, "Sélectionnez un choix valide"),
        ({"state": "committed"}, "Un engagement voté indique la décision qui l'a voté"),
        ({"committed_on": "31/02/2008"}, "Saisissez une date valide."),
        ({"decision_reference": "x" * 301}, "au plus 300 caractères"),
    ],
)
def test_bad_commitment(funding_world, coordinator, overrides, message):
    url = reverse("funding:commitment_create", args=[funding_world.w.charter.slug])
    refused(coordinator, url, new(funding_world, **overrides), message)


def test_years_of_the_period_and_its_amendments(funding_world, coordinator):
    fw = funding_world
    charter = fw.w.charter
    url = reverse("funding:commitment_create", args=[charter.slug])
    first, last = charter.starts_on.year, charter.ends_on.year
    message = f"{PERIOD} ({first} à {last}, avenants compris)."
    refused(coordinator, url, new(fw, year=first - 1), message)
    refused(coordinator, url, new(fw, year=last + 1), message)

    AmendmentFactory(charter=charter)  # extends the charter by three years

    assert coordinator.post(url, new(fw, year=last + 3)).status_code == 302
    refused(coordinator, url, new(fw, year=last + 4), f"{PERIOD} ({first} à {last + 3}, avenants compris).")


def test_records_of_another_charter(funding_world, coordinator):
    fw = funding_world
    other = CharterFactory()
    url = reverse("funding:commitment_create", args=[fw.w.charter.slug])
    refused(
        coordinator,
        url,
        new(fw, financer=FinancerFactory(charter=other, kind="complementary").pk),
        "Financeur inconnu",
    )
    refused(
        coordinator,
        url,
        new(fw, sheet=ProjectSheetFactory(charter=other).pk),
        "Cette fiche n'appartient pas à cette charte.",
    )


def test_one_commitment_per_financer_sheet_and_year(funding_world, coordinator):
    fw = funding_world
    url = reverse("funding:commitment_create", args=[fw.w.charter.slug])
    refused(
        coordinator,
        url,
        new(fw, financer=fw.landlord_a.pk, sheet=fw.sheet_1.pk),
        "Ce financeur a déjà un engagement pour cette fiche et cette année : modifiez-le.",
    )
    refused(
        coordinator,
        url,
        new(fw, sheet=""),  # the city already has its share of the mission this year
        "Ce financeur a déjà un engagement pour la mission GUSP cette année : modifiez-le.",
    )


def test_a_form_posted_twice_makes_one_commitment(funding_world, coordinator):
    fw = funding_world
    url = reverse("funding:commitment_create", args=[fw.w.charter.slug])
    data = new(fw) | {"form_key": uuid.uuid4().hex}
    first, second = coordinator.post(url, data), coordinator.post(url, data)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert FundingCommitment.objects.filter(financer=fw.city, sheet=fw.sheet_3).count() == 1


def test_a_stale_form_is_refused_and_keeps_what_was_typed(funding_world, coordinator, client_as):
    fw = funding_world
    stale = commitment_payload(fw.a_sheet_1, amount="9 999,00")
    referent = client_as(fw.w.referent_a)
    assert (
        referent.post(
            reverse("funding:commitment_edit", args=[fw.a_sheet_1.pk]),
            commitment_payload(fw.a_sheet_1, amount="8100"),
        ).status_code
        == 302
    )
    fresh = FundingCommitment.objects.get(pk=fw.a_sheet_1.pk)
    state = stored_state(fresh)

    response = coordinator.post(reverse("funding:commitment_edit", args=[fw.a_sheet_1.pk]), stale)

    page = html.unescape(response.content.decode()).replace("\u00a0", " ")
    assert response.status_code == 400
    assert "a modifié cet enregistrement depuis que vous avez ouvert ce formulaire" in page
    assert "montant (€) : 8 000,00 → 8 100,00" in re.sub(r"<[^>]+>", "", page)  # what changed, in words
    assert 'value="9999,00"' in page or 'value="9 999,00"' in page  # what was typed is kept
    assert stored_state(fresh) == state


def test_bad_payments(funding_world, coordinator):
    fw = funding_world
    url = reverse("funding:payment_create", args=[fw.a_sheet_1.pk])  # 8 000 € voted, 3 000 € paid
    today = timezone.localdate()
    refused(
        coordinator,
        url,
        {"paid_on": today.isoformat(), "amount": "5000,01"},
        "Ce versement dépasserait l'engagement : il reste 5 000,00 € à verser.",
    )
    refused(
        coordinator,
        url,
        {"paid_on": (today + dt.timedelta(days=1)).isoformat(), "amount": "10"},
        "Un versement est daté entre 1990 et aujourd'hui",
    )
    # Before 1990: the platform's date fields refuse it with their own message (gusp.core.forms).
    refused(
        coordinator, url, {"paid_on": "1989-12-31", "amount": "10"}, "Choisissez une date entre 1990 et 2100."
    )
    refused(coordinator, url, {"paid_on": today.isoformat(), "amount": "-10"}, "Le montant doit être positif")
    refused(
        coordinator,
        reverse("funding:payment_create", args=[fw.b_sheet_1.pk]),  # requested, not voted
        {"paid_on": today.isoformat(), "amount": "10"},
        "Un versement suit un vote",
    )


def test_bad_mission_cost(funding_world, coordinator):
    fw = funding_world
    url = reverse("funding:mission_budget_edit", args=[fw.w.charter.slug, fw.year])
    refused(coordinator, url, {"year": fw.year, "total_cost": "-1"}, "Le montant doit être positif")
    refused(
        coordinator,
        url,
        {"year": fw.year, "total_cost": "1e309"},
        "Le montant ne peut dépasser 100 milliards",
    )
    assert coordinator.post(url, {"year": fw.year, "total_cost": "60 000"}).status_code == 302
    year_outside = fw.w.charter.ends_on.year + 1
    assert (
        coordinator.get(
            reverse("funding:mission_budget_edit", args=[fw.w.charter.slug, year_outside])
        ).status_code
        == 404
    )


def test_bad_financers(funding_world, coordinator):
    fw = funding_world
    url = reverse("funding:financer_create", args=[fw.w.charter.slug])
    refused(
        coordinator,
        url,
        {"name": "Europe", "kind": "partner", "order": 0},
        "Un partenaire de la charte a son organisation.",
    )
    refused(
        coordinator,
        url,
        {"name": "Ville", "kind": "complementary", "order": 0},
        "Cette charte a déjà un financeur de ce nom.",
    )
    refused(
        coordinator,
        url,
        {"name": "Autre", "kind": "partner", "organisation": fw.w.outsider.organisation_id, "order": 0},
        "Cette organisation n'est pas partenaire de la charte.",
    )
    refused(
        coordinator,
        url,
        {"name": "Tous", "kind": "landlords", "order": 0},
        "Cette charte a déjà son financeur « bailleurs sociaux au prorata ».",
    )
    refused(
        coordinator,
        reverse("funding:financer_edit", args=[fw.landlord_a.pk]),
        {"name": "Bailleur A", "kind": "complementary", "order": 3, "edit_version": fw.landlord_a.version},
        "Ce financeur a des engagements : sa nature ne change plus.",
    )
