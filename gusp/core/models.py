"""Durable jobs: every side effect (e-mails, PDFs, notifications) is a row written in the same transaction
as the change that causes it, then handed to Celery. See `gusp.core.jobs`."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse


class JobState(models.TextChoices):
    PENDING = "pending", "En attente"
    RUNNING = "running", "En cours"
    DONE = "done", "Terminée"
    FAILED = "failed", "Échouée"


ACTIVE_STATES = (JobState.PENDING, JobState.RUNNING)


class Job(models.Model):
    """One side effect to carry out. `name` is the registered handler, `kwargs` its arguments (primary
    keys and plain values). `key` makes asking twice for the same thing join the job under way."""

    name = models.CharField("traitement", max_length=100)
    kwargs = models.JSONField("paramètres", default=dict)
    key = models.CharField("clé", max_length=250, blank=True)
    label = models.CharField("objet", max_length=300)
    charter_id = models.PositiveBigIntegerField("charte", null=True, blank=True, db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField("état", max_length=10, choices=JobState.choices, default=JobState.PENDING)
    attempts = models.PositiveSmallIntegerField("tentatives", default=0)
    max_attempts = models.PositiveSmallIntegerField("tentatives au plus", default=3)
    progress = models.PositiveSmallIntegerField("avancement (%)", default=0)
    message = models.CharField("où en est-on", max_length=300, blank=True)
    error = models.TextField("raison de l'échec", blank=True)
    result = models.JSONField("résultat", null=True, blank=True)
    created_at = models.DateTimeField("demandée le", auto_now_add=True)
    available_at = models.DateTimeField("pas avant", null=True, blank=True)
    dispatched_at = models.DateTimeField("confiée au courtier le", null=True, blank=True)
    started_at = models.DateTimeField("commencée le", null=True, blank=True)
    heartbeat_at = models.DateTimeField("dernier signe de vie", null=True, blank=True)
    finished_at = models.DateTimeField("finie le", null=True, blank=True)

    class Meta:
        verbose_name = "tâche en arrière-plan"
        verbose_name_plural = "tâches en arrière-plan"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(state__in=["pending", "running"]) & ~Q(key=""),
                name="one_active_job_per_key",
            )
        ]
        indexes = [models.Index(fields=["state", "available_at"])]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_state_display()})"

    def get_status_url(self) -> str:
        return reverse("core:job_status", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def is_failed(self) -> bool:
        return self.state == JobState.FAILED

    @property
    def is_done(self) -> bool:
        return self.state == JobState.DONE


class SubmittedForm(models.Model):
    """A create form's one-time key, spent once: posting the same form twice makes one record, and the
    second answer goes where the first went."""

    key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    result_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "formulaire envoyé"
        verbose_name_plural = "formulaires envoyés"

    def __str__(self) -> str:
        return self.key
