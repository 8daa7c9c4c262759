"""Enumerations of the charter registry, shared by its models, querysets and forms."""

from django.db import models


class OrganisationKind(models.TextChoices):
    STATE = "state", "État"
    REGION = "region", "Région"
    DEPARTMENT = "department", "Département"
    INTERCOMMUNALITY = "intercommunality", "Intercommunalité"
    COMMUNE = "commune", "Commune"
    LANDLORD = "landlord", "Bailleur social"
    HLM_ASSOCIATION = "hlm_association", "Association HLM"
    CDC = "cdc", "Caisse des Dépôts"
    POLICE = "police", "Police"
    ASSOCIATION = "association", "Association"
    OTHER = "other", "Autre"


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "Chargé(e) de mission GUSP"
    REFERENT = "referent", "Référent(e) partenaire ou bailleur"
    COMMITTEE_MEMBER = "committee_member", "Membre d'instance"


class Phase(models.IntegerChoices):
    FIRST = 1, "1re phase (quartiers prioritaires)"
    SECOND = 2, "2e phase"
    GENERALISED = 3, "Généralisation à tous les quartiers d'habitat social"


class FigureKind(models.TextChoices):
    POPULATION = "population", "Population"
    DWELLINGS = "dwellings", "Logements"
    UNDER_25 = "under_25", "Part des moins de 25 ans"
    NO_DIPLOMA = "no_diploma", "Part des sorties du système scolaire sans diplôme"
    UNEMPLOYMENT = "unemployment", "Taux de chômage"
    # A share the document gives without saying of what (Annex 2: « 2 378 personnes dont 36, 80 % »): kept
    # as written, with a note, never read as one of the kinds above.
    UNSPECIFIED_SHARE = "unspecified_share", "Part dont la charte ne dit pas de quoi"


# Figures that are shares of a population, in percent (never above 100).
PERCENT_FIGURES = frozenset(
    {FigureKind.UNDER_25, FigureKind.NO_DIPLOMA, FigureKind.UNEMPLOYMENT, FigureKind.UNSPECIFIED_SHARE}
)
