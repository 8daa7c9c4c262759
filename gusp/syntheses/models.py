"""Syntheses by theme and territory (charter section VI, « des synthèses par thèmes et territoires »): PDF
files made in the background from the data of every app, kept with who asked, when, for what, and the
SHA-256 checksum of the file.

- `Synthesis`: one PDF of a charter for a period, about a theme, a territory, both, or the whole charter,
  in one `Variant` (for the partners, or public once the coordinator publishes it). Its file is written
  under a name derived from its id and attached in one final transaction (`services.build`), so a worker
  killed in the middle leaves neither a lost request nor a second file. The syntheses made before a
  steering committee meeting point to it (`meeting`).
- `MeetingNotice`: one e-mail telling a member of the steering committee that the meeting's syntheses are
  ready (the idempotency key of that job)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from charter.models import Charter, Territory, Theme
from governance.models import Meeting
from gusp.core.models import Job

from .choices import FOLDER, Variant
from .querysets import SynthesisQuerySet
from .scope import Scope


class Synthesis(models.Model):
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="syntheses")
    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="thème"
    )
    territory = models.ForeignKey(
        Territory, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="quartier"
    )
    starts_on = models.DateField("du")
    ends_on = models.DateField("au")
    variant = models.CharField("version", max_length=10, choices=Variant.choices, default=Variant.MEMBERS)
    # The parameters in one string: asking again for the same ones while a synthesis is being made joins
    # its job; a meeting has one synthesis per set of parameters.
    key = models.CharField(max_length=200, editable=False)
    source = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="public_versions",
        verbose_name="synthèse d'origine",
        help_text="Pour une version publique : la synthèse des partenaires qui a été publiée.",
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="préparée pour la réunion",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="demandée par",
    )
    requested_at = models.DateTimeField("demandée le", auto_now_add=True)
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    file = models.FileField("fichier", upload_to=f"{FOLDER}/", max_length=300, blank=True, editable=False)
    checksum = models.CharField("empreinte SHA-256", max_length=64, blank=True, editable=False)
    size = models.PositiveIntegerField("taille (octets)", null=True, blank=True, editable=False)
    pages = models.PositiveIntegerField("pages", null=True, blank=True, editable=False)
    state_on = models.DateField("état au", null=True, blank=True, editable=False)
    finished_at = models.DateTimeField("terminée le", null=True, blank=True, editable=False)
    published_at = models.DateTimeField("publiée le", null=True, blank=True, editable=False)

    objects = SynthesisQuerySet.as_manager()

    class Meta:
        verbose_name = "synthèse"
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="synthesis_period"),
            models.UniqueConstraint(
                fields=["meeting", "key"],
                condition=Q(meeting__isnull=False),
                name="one_synthesis_per_meeting",
            ),
            models.UniqueConstraint(
                fields=["source"], condition=Q(source__isnull=False), name="one_public_version"
            ),
        ]
        indexes = [models.Index(fields=["charter", "variant", "published_at"])]

    def __str__(self) -> str:
        return self.scope().title

    def get_absolute_url(self) -> str:
        return reverse("syntheses:detail", args=[self.pk])

    def get_download_url(self) -> str:
        return reverse("syntheses:download", args=[self.pk])

    def scope(self, today=None) -> Scope:
        return Scope(
            charter=self.charter,
            theme=self.theme,
            territory=self.territory,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            public=self.is_public,
            today=today or self.state_on,
        )

    @property
    def is_public(self) -> bool:
        return self.variant == Variant.PUBLIC

    @property
    def is_ready(self) -> bool:
        """Its file is attached (the final step of `services.build`)."""
        return bool(self.file) and bool(self.checksum)

    @property
    def is_published(self) -> bool:
        return self.is_public and self.published_at is not None

    @property
    def storage_name(self) -> str:
        """Where its file is written: derived from its id, so that a job run again writes the same file."""
        suffix = "-publique" if self.is_public else ""
        return f"{FOLDER}/{self.charter_id}/synthese-{self.pk}{suffix}.pdf"

    @property
    def download_name(self) -> str:
        return self.scope().filename


class MeetingNotice(models.Model):
    """An e-mail sent to tell a member that the syntheses prepared for a meeting are ready: written in the
    same transaction as the sending, so that a job run twice sends it once."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField("envoyé à")
    sent_at = models.DateTimeField("envoyé le", auto_now_add=True)

    class Meta:
        verbose_name = "annonce des synthèses d'une réunion"
        verbose_name_plural = "annonces des synthèses des réunions"
        constraints = [models.UniqueConstraint(fields=["meeting", "email"], name="one_notice_per_address")]

    def __str__(self) -> str:
        return f"{self.meeting_id} → {self.email}"
