"""Bad input is refused with a clear French message on its field, and nothing is written: negative amounts,
an axis that does not exist, a survey with more respondents than its sample, percentages over 100."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from diagnostics.surveys.models import MORE_RESPONDENTS
from funding.tfpb.choices import UNKNOWN_AXIS
from tests.utils import assert_refused

from . import factories
from .test_permissions import action_payload, survey_payload


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"planned_amount": "-10"}, "Le montant doit être positif : 0,01 € au moins."),
        ({"planned_amount": "0"}, "Le montant doit être positif : 0,01 € au moins."),
        ({"planned_amount": "12,345"}, "Un montant en euros a au plus deux décimales (les centimes)."),
        ({"planned_amount": "douze"}, "Saisissez un montant en euros, par exemple 1 234,56."),
        ({"realised_amount": "-0,01"}, "Le montant réalisé ne peut être négatif : 0 € au moins."),
        (
            {"realised_amount": "1e300"},
            "Le montant ne peut dépasser 100 milliards d'euros : vérifiez la saisie.",
        ),
        ({"axis": "9"}, UNKNOWN_AXIS),
        ({"axis": "0"}, UNKNOWN_AXIS),
        ({"axis": "tranquillité"}, UNKNOWN_AXIS),
        ({"axis": ""}, "Choisissez l'axe de l'action."),
    ],
)
def test_bad_actions_are_refused(programmes, client_as, overrides, message):
    p = programmes
    url = reverse("funding:tfpb_action_create", args=[p.convention_a.pk, p.year])
    assert_refused(
        client_as(p.w.referent_a), url, action_payload(quarter=p.quarter_1.pk) | overrides, escape(message)
    )


def test_an_unknown_quarter_is_refused(programmes, client_as):
    p = programmes
    url = reverse("funding:tfpb_action_create", args=[p.convention_a.pk, p.year])
    for quarter in [p.quarter_b.pk, 999999999999, -1]:
        assert_refused(
            client_as(p.w.referent_a),
            url,
            action_payload(quarter=quarter),
            escape("Choisissez l'un des quartiers de la convention."),
        )


@pytest.mark.parametrize(
    "overrides, message",
    [
        (
            {"yearly_abatement": "-100", "abatement_per_dwelling": ""},
            "Le montant doit être positif : 0,01 € au moins.",
        ),
        (
            {"yearly_abatement": "", "abatement_per_dwelling": "-2"},
            "Le montant doit être positif : 0,01 € au moins.",
        ),
        (
            {"yearly_abatement": "", "abatement_per_dwelling": ""},
            "Indiquez l'abattement annuel, ou le montant par logement dont il se calcule.",
        ),
        ({"dwellings": "0"}, "Le nombre de logements concernés est compris entre 1 et 1 000 000."),
        ({"dwellings": "-5"}, "Le nombre de logements concernés est compris entre 1 et 1 000 000."),
        ({"dwellings": "2000000"}, "Le nombre de logements concernés est compris entre 1 et 1 000 000."),
    ],
)
def test_bad_quarters_are_refused(programmes, client_as, overrides, message):
    p = programmes
    url = reverse("funding:tfpb_quarter_create", args=[p.convention_b.pk])
    payload = {
        "territory": p.w.other_territory.pk,
        "dwellings": "50",
        "yearly_abatement": "10 000",
        "abatement_per_dwelling": "",
    } | overrides
    assert_refused(client_as(p.w.coordinator), url, payload, escape(message))


def test_a_reported_abatement_is_never_negative(programmes, client_as):
    p = programmes
    report = factories.action(p.quarter_1, p.year, 1, "10.00").report
    assert_refused(
        client_as(p.w.referent_a),
        reverse("funding:tfpb_report_edit", args=[report.pk]),
        {"abatement": "-30000", "account": "Bilan", "edit_version": report.version},
        escape("Le montant doit être positif : 0,01 € au moins."),
    )


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"sample_size": "400", "respondents": "401"}, MORE_RESPONDENTS),
        ({"sample_size": "0"}, "Assurez-vous que cette valeur est supérieure ou égale à 1."),
        ({"respondents": "-3"}, "Assurez-vous que cette valeur est supérieure ou égale à 0."),
        (
            {"method": "sondage de rue"},
            "Méthode inconnue : échantillon représentatif, ou panel et sondage annuel.",
        ),
        (
            {"conducted_on": (timezone.localdate() + dt.timedelta(days=3)).isoformat()},
            "Une enquête est enregistrée une fois faite : sa date est passée.",
        ),
        ({"residences": []}, "Ce champ est obligatoire."),
    ],
)
def test_bad_surveys_are_refused(programmes, client_as, overrides, message):
    w = programmes.w
    url = reverse("diagnostics:survey_create", args=[w.charter.slug])
    assert_refused(
        client_as(w.referent_a),
        url,
        survey_payload(w.landlord_a, [w.residence_a]) | overrides,
        escape(message),
    )


@pytest.mark.parametrize(
    "value, message",
    [
        ("120", "Un pourcentage est compris entre 0 et 100 : 120 % n'est pas possible."),
        ("100,1", "Un pourcentage est compris entre 0 et 100 : 100,1 % n'est pas possible."),
        ("-3", "Un pourcentage est compris entre 0 et 100 : -3 % n'est pas possible."),
        ("72,55", "Un pourcentage a au plus une décimale."),
        ("beaucoup", "Saisissez un pourcentage, par exemple 72,5."),
    ],
)
def test_bad_percentages_are_refused(programmes, client_as, value, message):
    w = programmes.w
    survey = factories.survey(w.charter, w.landlord_a, [w.residence_a], conducted_on=timezone.localdate())
    url = reverse("diagnostics:survey_question_create", args=[survey.pk])
    payload = {
        "theme": "overall",
        "text": "Satisfaction globale",
        "order": "0",
        f"r{w.residence_a.pk}": value,
    }
    assert_refused(client_as(w.referent_a), url, payload, escape(message))


def test_a_question_needs_a_result_and_a_known_theme(programmes, client_as):
    w = programmes.w
    survey = factories.survey(w.charter, w.landlord_a, [w.residence_a], conducted_on=timezone.localdate())
    url = reverse("diagnostics:survey_question_create", args=[survey.pk])
    client = client_as(w.referent_a)
    assert_refused(
        client,
        url,
        {"theme": "overall", "text": "Satisfaction globale", "order": "0"},
        escape("Saisissez la part de satisfaits d'au moins une résidence (ou de l'ensemble)."),
    )
    assert_refused(
        client,
        url,
        {"theme": "bonheur", "text": "Satisfaction", "order": "0", "ensemble": "50"},
        escape("Thème inconnu : choisissez l'un des thèmes proposés."),
    )
