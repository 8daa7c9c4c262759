"""The action plan: project sheets (fiches projets) with the charter's template (section III and
Annex VI), their actions, the referents' journals, and the indicators that dashboards draw."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from charter.models import Charter, Organisation, Orientation, Residence, SubTheme, Territory, Theme
from gusp.core.archive import ArchivableModel
from gusp.core.versions import VersionedModel

from .choices import CLOSED_STATUSES, ActionStatus, Direction, SheetStatus  # noqa: F401 - re-exported
from .querysets import ActionQuerySet, IndicatorQuerySet, InterventionQuerySet, ProjectSheetQuerySet


class ProjectSheet(ArchivableModel, VersionedModel):
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="project_sheets")
    number = models.PositiveSmallIntegerField("numéro", validators=[MinValueValidator(1)])
    title = models.CharField("intitulé", max_length=500)
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="project_sheets", verbose_name="thème"
    )
    sub_theme = models.ForeignKey(
        SubTheme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_sheets",
        verbose_name="sous-thème",
    )
    status = models.CharField("état", max_length=20, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    orientations = models.ManyToManyField(
        Orientation,
        blank=True,
        related_name="project_sheets",
        verbose_name="orientations opérationnelles",
        help_text="Les orientations de la charte dont la fiche relève (de son thème ou d'un autre).",
    )
    charter_note = models.CharField(
        "note sur la charte",
        max_length=500,
        blank=True,
        help_text="Ce que la plateforme dit de la place de la fiche dans la charte, par exemple une ébauche "
        "non numérotée rangée sous cette fiche.",
    )
    # The state (`status`, `is_published`, the milestones' « réalisée ») comes from demonstration data,
    # not from the charter (whose sheets are drafts): set by the demonstration loader, cleared when someone
    # changes the state.
    demo_state = models.BooleanField("état de démonstration", default=False, editable=False)
    # Lieu
    all_territories = models.BooleanField("tous les quartiers", default=False)
    territories = models.ManyToManyField(
        Territory, blank=True, related_name="project_sheets", verbose_name="quartiers"
    )
    place_note = models.CharField("lieu (précisions)", max_length=300, blank=True)
    # The template of the charter
    findings = models.TextField("constat, diagnostic", blank=True)
    expected_results = models.TextField(
        "attendus",
        blank=True,
        help_text="Objectifs visés en termes de critères de qualité ou de paramètres de fonctionnement.",
    )
    description = models.TextField("description et organisation de l'action", blank=True)
    lead = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_sheets",
        verbose_name="porteur",
    )
    lead_note = models.CharField("porteur (précisions)", max_length=500, blank=True)
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="partner_sheets", verbose_name="partenaires associés"
    )
    partners_note = models.TextField("partenaires à associer (précisions)", blank=True)
    schedule_note = models.TextField("échéancier", blank=True)
    means = models.TextField("moyens à mobiliser", blank=True)
    estimated_cost = models.DecimalField(
        "coût estimatif (€)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    funding_sources = models.TextField("financement", blank=True)
    tools = models.TextField("outils", blank=True)
    evaluation = models.TextField("critères et modalités d'évaluation", blank=True)
    feasibility = models.TextField("conditions de faisabilité", blank=True)
    is_published = models.BooleanField("publiée", default=False)
    history = HistoricalRecords(m2m_fields=[territories, partners, orientations])

    objects = ProjectSheetQuerySet.as_manager()

    class Meta:
        verbose_name = "fiche projet"
        verbose_name_plural = "fiches projets"
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["charter", "number"], name="unique_sheet_number")]

    def __str__(self) -> str:
        return f"Fiche n°{self.number} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("actions:sheet_detail", args=[self.pk])

    def clean(self):
        if self.sub_theme_id and self.theme_id and self.sub_theme.theme_id != self.theme_id:
            raise ValidationError({"sub_theme": "Ce sous-thème ne relève pas du thème choisi."})


class Milestone(ArchivableModel):
    """A dated step of a sheet's schedule (échéancier)."""

    sheet = models.ForeignKey(ProjectSheet, on_delete=models.CASCADE, related_name="milestones")
    due_on = models.DateField("échéance")
    label = models.CharField("étape", max_length=300)
    done = models.BooleanField("réalisée", default=False)

    history = HistoricalRecords()

    charter_path = "sheet__charter"
    archive_parents = ("sheet",)

    class Meta:
        verbose_name = "étape de l'échéancier"
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.label


class Indicator(ArchivableModel, VersionedModel):
    """An evaluation indicator of a charter; actions feed it, sheets and actions show it."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField("intitulé", max_length=250)
    unit = models.CharField("unité", max_length=40)
    direction = models.CharField("sens", max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    target = models.DecimalField("cible", max_digits=14, decimal_places=2, null=True, blank=True)
    description = models.TextField("mode de calcul", blank=True)
    is_demo = models.BooleanField("donnée de démonstration", default=False, editable=False)
    history = HistoricalRecords()

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = "indicateur"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"

    def get_absolute_url(self) -> str:
        return reverse("actions:indicator_detail", args=[self.pk])


class Measurement(ArchivableModel):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    territory = models.ForeignKey(
        Territory,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="measurements",
        verbose_name="quartier",
    )
    measured_on = models.DateField("date de mesure")
    value = models.DecimalField("valeur", max_digits=14, decimal_places=2)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False)
    is_demo = models.BooleanField("donnée de démonstration", default=False, editable=False)
    history = HistoricalRecords()

    charter_path = "indicator__charter"
    archive_parents = ("indicator",)
    archive_related = ("indicator",)

    class Meta:
        verbose_name = "mesure"
        ordering = ["measured_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "territory", "measured_on"], name="unique_measurement_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.measured_on:%d/%m/%Y} : {self.value}"


class Action(ArchivableModel, VersionedModel):
    sheet = models.ForeignKey(
        ProjectSheet, on_delete=models.CASCADE, related_name="actions", verbose_name="fiche"
    )
    title = models.CharField("intitulé", max_length=300)
    description = models.TextField("description", blank=True)
    lead = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="led_actions", verbose_name="porteur"
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="partner_actions", verbose_name="partenaires"
    )
    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name="quartier",
        help_text="Laisser vide pour une action qui concerne tous les quartiers.",
    )
    residences = models.ManyToManyField(
        Residence, blank=True, related_name="actions", verbose_name="résidences"
    )
    starts_on = models.DateField("début")
    due_on = models.DateField("échéance")
    status = models.CharField(
        "état", max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        "avancement (%)", default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="actions", verbose_name="indicateurs alimentés"
    )
    is_demo = models.BooleanField("donnée de démonstration", default=False, editable=False)
    history = HistoricalRecords(m2m_fields=[partners, residences])

    objects = ActionQuerySet.as_manager()

    charter_path = "sheet__charter"
    archive_parents = ("sheet",)

    class Meta:
        verbose_name = "action"
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("starts_on")), name="action_dates"
            ),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="action_progress_max"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("actions:action_detail", args=[self.pk])

    def clean(self):
        """An action ends on or after its start; a finished action is 100 % done."""
        errors = {}
        if self.starts_on and self.due_on and self.due_on < self.starts_on:
            errors["due_on"] = "L'échéance doit être postérieure ou égale à la date de début."
        if self.status == ActionStatus.FINISHED and self.progress not in (None, 100):
            errors["progress"] = "Une action terminée est avancée à 100 %."
        if errors:
            raise ValidationError(errors)


class Intervention(ArchivableModel):
    """A journal entry: what a referent did on an action ("passage de l'entreprise de nettoyage, cage B")."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="interventions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="interventions", editable=False
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="interventions", editable=False, null=True
    )
    done_on = models.DateField("date")
    residence = models.ForeignKey(
        Residence,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interventions",
        verbose_name="résidence",
    )
    text = models.TextField("ce qui a été fait")
    hours = models.DecimalField(
        "heures",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    cost = models.DecimalField(
        "coût (€)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField("donnée de démonstration", default=False, editable=False)
    history = HistoricalRecords()

    objects = InterventionQuerySet.as_manager()

    charter_path = "action__sheet__charter"
    archive_parents = ("action",)

    class Meta:
        verbose_name = "entrée de journal"
        verbose_name_plural = "journal"
        ordering = ["-done_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.done_on:%d/%m/%Y} — {self.text[:60]}"


def attachment_path(instance, filename: str) -> str:
    # The stored name never comes from the user; the original name is kept in a field.
    return f"journal/{instance.intervention.action_id}/{uuid.uuid4().hex}.{instance.extension}"


class Attachment(models.Model):
    """A photo or document of a journal entry, stored under MEDIA_ROOT and served after a permission check."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "pièce jointe"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("actions:attachment", args=[self.pk])

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
