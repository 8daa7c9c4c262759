"""Enumerations of walking diagnostics, findings and reports, shared by models, querysets, forms and the
state machine (`diagnostics.states`)."""

from django.db import models


class PlaceKind(models.TextChoices):
    """Where a finding was made: what decides, with its category, who must act (routing rules)."""

    BUILDING = "building", "Parties communes d'une résidence (hall, cage d'escalier, cave, ascenseur…)"
    GROUNDS = "grounds", "Espaces extérieurs d'une résidence (parking, espaces verts, cheminements…)"
    PUBLIC = "public", "Espace public (voirie, place, square, équipement public…)"


# Places inside a residence: they name the residence, whose landlord may be the one who must act.
RESIDENCE_PLACES = frozenset({PlaceKind.BUILDING, PlaceKind.GROUNDS})


class LocationSource(models.TextChoices):
    NONE = "", "Pas de point"
    MAP = "map", "Point choisi sur la carte"
    DEVICE = "device", "Position de l'appareil (avec l'accord de la personne)"


class Severity(models.IntegerChoices):
    LOW = 1, "1 – gêne"
    MEDIUM = 2, "2 – à traiter"
    HIGH = 3, "3 – grave"
    DANGER = 4, "4 – danger immédiat"


class FindingState(models.TextChoices):
    MODERATION = "moderation", "À modérer"
    NEW = "new", "Nouveau"
    ACKNOWLEDGED = "acknowledged", "Pris en compte"
    IN_PROGRESS = "in_progress", "En cours de traitement"
    TREATED = "treated", "Traité (à vérifier)"
    CHECKED = "checked", "Vérifié, clos"
    REOPENED = "reopened", "Rouvert"
    REJECTED = "rejected", "Rejeté"


# The organisation in charge must act: these are the findings that can be late.
OPEN_STATES = (
    FindingState.NEW,
    FindingState.ACKNOWLEDGED,
    FindingState.IN_PROGRESS,
    FindingState.REOPENED,
)
# Over for good: the reporter's e-mail address is deleted once a report reaches one of them.
CLOSED_STATES = (FindingState.CHECKED, FindingState.REJECTED)
# Seen by the partners of the charter (findings awaiting moderation are the coordinator's alone).
ROUTED_STATES = tuple(s for s in FindingState if s != FindingState.MODERATION)


class RejectReason(models.TextChoices):
    NOT_OURS = "not_ours", "Ne relève pas de l'organisation désignée"
    DUPLICATE = "duplicate", "Doublon d'un autre constat"
    INVALID = "invalid", "Pas un dysfonctionnement, ou signalement abusif"


class Source(models.TextChoices):
    WALK = "walk", "Diagnostic en marchant"
    FIELD = "field", "Constat de terrain"
    REPORT = "report", "Signalement d'habitant"
    OPEN311 = "open311", "Système d'information d'un partenaire (Open311)"


class Assignee(models.TextChoices):
    """Whom a routing rule sends a finding to."""

    LANDLORD = "landlord", "Le bailleur de la résidence"
    ORGANISATION = "organisation", "Une organisation désignée"


class EventKind(models.TextChoices):
    CREATED = "created", "Enregistré"
    ROUTED = "routed", "Orienté"
    REROUTED = "rerouted", "Réorienté à la main"
    TRANSITION = "transition", "Changement d'état"
    WALK_CHECK = "walk_check", "Vérifié lors d'un diagnostic"
    MODERATED = "moderated", "Modéré"
    ACTION = "action", "Relié au plan d'actions"


class CheckResult(models.TextChoices):
    FIXED = "fixed", "Constaté réparé"
    STILL_THERE = "still_there", "Toujours présent"


# Plausible bounds of the numbers typed in forms and checked by the models.
MAX_TARGET_DAYS = 365
MAX_DESCRIPTION = 2000
MAX_PHOTOS = 5
MAX_REPORT_PHOTOS = 3
WALK_RHYTHM_DAYS = 61  # « diagnostics en marchant bimestriels » (Annex VI, sheet 1): every two months
