"""Enumerations of the satisfaction surveys, shared by their models, querysets, forms and trends."""

from decimal import Decimal

from django.db import models

# Footnote 16: « sur échantillon représentatif, au moins triennale, et/ou sous forme de panels et sondages
# annuels ».
REPRESENTATIVE_EVERY_YEARS = 3
PANEL_EVERY_YEARS = 1
SAMPLE_MAX = 1_000_000
PERCENT_MAX = Decimal("100")


class SurveyMethod(models.TextChoices):
    REPRESENTATIVE = "representative", "Enquête sur échantillon représentatif"
    PANEL = "panel", "Panel ou sondage annuel"


class SurveyTheme(models.TextChoices):
    """What a question is about: questions of the same theme are followed from one survey to the next."""

    OVERALL = "overall", "Satisfaction globale"
    CLEANLINESS = "cleanliness", "Propreté des parties communes"
    SURROUNDINGS = "surroundings", "Propreté et entretien des abords"
    EQUIPMENT = "equipment", "Fonctionnement des équipements (ascenseurs, portes, éclairage)"
    COMPLAINTS = "complaints", "Traitement des réclamations"
    TRANQUILLITY = "tranquillity", "Tranquillité et sécurité"
    DWELLING = "dwelling", "État du logement"
    INFORMATION = "information", "Information et communication du bailleur"
    QUARTER = "quarter", "Qualité de vie dans le quartier"
    OTHER = "other", "Autre"
