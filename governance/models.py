"""Committees of a charter (section VI) and their members. Meetings, agendas, minutes and the rhythm
dashboard come with the committees-and-meetings issue."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from charter.models import Charter, Organisation, Theme


class CommitteeKind(models.TextChoices):
    STEERING = "steering", "Comité de pilotage"
    TECHNICAL = "technical", "Comité technique"
    WORKING_GROUP = "working_group", "Groupe de travail"
    LANDLORDS_BODY = "landlords_body", "Instance de concertation des bailleurs"
    PUBLIC_MEETING = "public_meeting", "Réunions publiques"


class Committee(models.Model):
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="committees")
    kind = models.CharField("nature", max_length=30, choices=CommitteeKind.choices)
    name = models.CharField("nom", max_length=250)
    theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="working_groups",
        verbose_name="thème prioritaire",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sub_groups",
        verbose_name="groupe parent",
    )
    chairs = models.CharField("présidence / animation", max_length=300, blank=True)
    rule = models.CharField("règle de fonctionnement", max_length=500, blank=True)
    min_meetings_per_year = models.PositiveSmallIntegerField(
        "réunions minimales par an", null=True, blank=True
    )
    max_months_between_meetings = models.PositiveSmallIntegerField(
        "écart maximal entre deux réunions (mois)", null=True, blank=True
    )
    venue = models.CharField("lieu habituel", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "instance"
        ordering = ["charter", "kind", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:committee_detail", args=[self.pk])


class MemberRole(models.TextChoices):
    CHAIR = "chair", "Président(e) / coprésident(e)"
    RAPPORTEUR = "rapporteur", "Rapporteur"
    ANIMATOR = "animator", "Animation"
    MEMBER = "member", "Membre"


class CommitteeMember(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="committee_seats")
    full_name = models.CharField("nom", max_length=150, blank=True)
    position = models.CharField("fonction", max_length=200, blank=True)
    role = models.CharField("rôle", max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_seats",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "membre d'instance"
        ordering = ["role", "organisation__name", "full_name"]

    def __str__(self) -> str:
        return f"{self.full_name or self.organisation} ({self.get_role_display()})"
