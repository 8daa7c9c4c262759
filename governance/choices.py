"""Enumerations of committees and meetings, shared by their models, querysets and forms."""

from django.db import models


class CommitteeKind(models.TextChoices):
    STEERING = "steering", "Comité de pilotage"
    TECHNICAL = "technical", "Comité technique"
    WORKING_GROUP = "working_group", "Groupe de travail"
    LANDLORDS_BODY = "landlords_body", "Instance de concertation des bailleurs"
    PUBLIC_MEETING = "public_meeting", "Réunions publiques"


# The minimum rhythm the charter sets per kind (section VI): (meetings per year, months between meetings).
CHARTER_MINIMUMS = {
    CommitteeKind.STEERING: (2, None),
    CommitteeKind.TECHNICAL: (None, 2),
    CommitteeKind.WORKING_GROUP: (None, 2),
}


class MemberRole(models.TextChoices):
    CHAIR = "chair", "Président(e) / coprésident(e)"
    RAPPORTEUR = "rapporteur", "Rapporteur"
    ANIMATOR = "animator", "Animation"
    MEMBER = "member", "Membre"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Prévue"
    HELD = "held", "Tenue"
    CANCELLED = "cancelled", "Annulée"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Présent(e)"
    EXCUSED = "excused", "Excusé(e)"
    ABSENT = "absent", "Absent(e)"


class InvitationMethod(models.TextChoices):
    REQUEST = "REQUEST", "Invitation ou mise à jour"
    CANCEL = "CANCEL", "Annulation"


class ReminderState(models.TextChoices):
    SOON = "soon", "Échéance proche"
    LATE = "late", "Réunion en retard"
