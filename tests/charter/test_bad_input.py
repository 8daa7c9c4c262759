"""Bad input gets a clear French form error and writes nothing."""

import pytest
from django.urls import reverse

from charter.models import Residence, Territory
from tests.factories import CharterFactory, TerritoryFactory
from tests.utils import assert_refused


def residence_payload(demo, **overrides):
    territory = demo.territories.get(slug="les-hermes")
    landlord = Residence.objects.get(landlord__slug="opac-sud").landlord
    return {
        "name": "Nouvelle résidence",
        "territory": territory.pk,
        "landlord": landlord.pk,
        "dwellings": 50,
        "address": "",
        "notes": "",
    } | overrides


def test_valid_residence_is_created(demo, coordinator):
    url = reverse("charter:residence_create", args=[demo.slug])
    response = coordinator.post(url, residence_payload(demo))
    assert response.status_code == 302
    residence = Residence.objects.get(name="Nouvelle résidence")
    assert residence.territory.slug == "les-hermes"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Ce champ est obligatoire."),
        ({"name": "x" * 151}, "Assurez-vous que cette valeur comporte au plus 150 caractères"),
        ({"notes": "x" * 10_001}, "au plus 10000 caractères"),
        ({"dwellings": -5}, "Assurez-vous que cette valeur est supérieure ou égale à 0."),
        ({"dwellings": "beaucoup"}, "Saisissez un nombre entier."),
    ],
)
def test_bad_residence_input(demo, coordinator, overrides, message):
    url = reverse("charter:residence_create", args=[demo.slug])
    assert_refused(coordinator, url, residence_payload(demo, **overrides), message)


def test_territory_of_another_charter_is_refused(demo, coordinator):
    foreign = TerritoryFactory(charter=CharterFactory())
    url = reverse("charter:residence_create", args=[demo.slug])
    assert_refused(
        coordinator,
        url,
        residence_payload(demo, territory=foreign.pk),
        "Ce quartier n&#x27;existe pas dans cette charte",
    )


def test_referent_negative_dwellings_on_own_residence(demo, client_as):
    residence = Residence.objects.get(landlord__slug="opac-sud")
    url = reverse("charter:residence_edit", args=[residence.pk])
    assert_refused(
        client_as("opac-sud"), url, {"name": residence.name, "dwellings": -1}, "supérieure ou égale à 0"
    )
    residence.refresh_from_db()
    assert residence.dwellings == 875


def amendment_payload(**overrides):
    return {
        "number": 1,
        "title": "Prolongation de 3 ans",
        "signed_on": "2009-11-15",
        "starts_on": "2010-01-01",
        "extends_to": "2012-12-31",
        "description": "",
    } | overrides


def test_valid_amendment_extends_the_charter(demo, coordinator):
    response = coordinator.post(reverse("charter:amendment_create", args=[demo.slug]), amendment_payload())
    assert response.status_code == 302
    demo.refresh_from_db()
    assert demo.current_end.isoformat() == "2012-12-31"
    page = coordinator.get(demo.get_absolute_url()).content.decode()
    assert "prolongée jusqu&#x27;au 31/12/2012" in page or "prolongée jusqu'au 31/12/2012" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"extends_to": "2009-06-30", "starts_on": "2010-01-01"},
            "La date de fin de prolongation doit être postérieure à la prise d&#x27;effet.",
        ),
        (
            {"starts_on": "2005-01-01", "extends_to": "2012-12-31"},
            "Un avenant ne peut pas prendre effet avant le début de la charte.",
        ),
        ({"signed_on": "pas une date"}, "Saisissez une date valide."),
        ({"title": ""}, "Ce champ est obligatoire."),
        ({"number": 0}, "supérieure ou égale à 1"),
    ],
)
def test_bad_amendment(demo, coordinator, overrides, message):
    assert_refused(
        coordinator,
        reverse("charter:amendment_create", args=[demo.slug]),
        amendment_payload(**overrides),
        message,
    )


def test_duplicate_amendment_number(demo, coordinator):
    url = reverse("charter:amendment_create", args=[demo.slug])
    assert coordinator.post(url, amendment_payload()).status_code == 302
    assert_refused(coordinator, url, amendment_payload(title="Autre"), "Un avenant porte déjà ce numéro")


def test_charter_end_before_start(demo, coordinator):
    payload = {
        "title": demo.title,
        "commune": demo.commune,
        "starts_on": "2009-01-01",
        "ends_on": "2008-01-01",
        "extension_rule": "",
        "summary": "",
    }
    assert_refused(
        coordinator,
        reverse("charter:charter_edit", args=[demo.slug]),
        payload,
        "La date de fin doit être postérieure à la date de début.",
    )


def test_figure_percent_over_100_and_duplicate_year(demo, coordinator):
    territory = Territory.objects.get(slug="les-pins")
    url = reverse("charter:figure_create", args=[territory.pk])
    assert_refused(
        coordinator,
        url,
        {"kind": "unemployment", "value": "140", "year": 2010, "source": "INSEE"},
        "Un pourcentage ne peut pas dépasser 100.",
    )
    assert_refused(
        coordinator,
        url,
        {"kind": "population", "value": "3500", "year": "", "source": "INSEE"},
        "Cette donnée est déjà renseignée sans date.",
    )


def test_duplicate_signature(demo, coordinator):
    signature = demo.signatures.first()
    payload = {
        "organisation": signature.organisation_id,
        "representative": "Quelqu'un",
        "representative_title": "",
        "signed_on": "",
        "order": 20,
    }
    assert_refused(
        coordinator,
        reverse("charter:signature_create", args=[demo.slug]),
        payload,
        "Cette organisation a déjà signé la charte.",
    )


def test_html_in_text_is_escaped(demo, coordinator):
    residence = Residence.objects.get(landlord__slug="opac-sud")
    payload = residence_payload(
        demo, name="<script>alert('x')</script>", notes="<b>gras</b>", territory=residence.territory_id
    )
    assert (
        coordinator.post(reverse("charter:residence_edit", args=[residence.pk]), payload).status_code == 302
    )
    html = coordinator.get(residence.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&lt;b&gt;gras&lt;/b&gt;" in html


def test_duplicate_theme_letter(demo, coordinator):
    theme = demo.themes.get(code="B")
    assert_refused(
        coordinator,
        reverse("charter:theme_edit", args=[theme.pk]),
        {"code": "A", "title": theme.title, "description": ""},
        "Un autre thème de cette charte porte déjà cette lettre.",
    )
