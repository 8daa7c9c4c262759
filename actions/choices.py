"""Enumerations of the action plan, shared by its models, querysets and forms."""

from django.db import models


class SheetStatus(models.TextChoices):
    DRAFT = "draft", "Ébauche"
    CONVENTION = "convention", "Inscrite à la convention"
    UNDER_WAY = "under_way", "En cours"
    FINISHED = "finished", "Terminée"
    DROPPED = "dropped", "Abandonnée"


class Direction(models.TextChoices):
    HIGHER = "higher", "Plus haut, c'est mieux"
    LOWER = "lower", "Plus bas, c'est mieux"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "Prévue"
    UNDER_WAY = "under_way", "En cours"
    FINISHED = "finished", "Terminée"
    DROPPED = "dropped", "Abandonnée"


# An action in one of these states is over: it is never late and a dropped one does not count for progress.
CLOSED_STATUSES = (ActionStatus.FINISHED, ActionStatus.DROPPED)
