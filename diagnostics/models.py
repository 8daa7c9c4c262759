"""The field half of the charter (section III « traitement en temps réel des dysfonctionnements », IV-B,
VI « diagnostic permanent », Annex VI « prévention situationnelle »):

- `WalkingDiagnostic` (diagnostic en marchant) of a territory or a sector of it, with its `WalkMember`s;
- `Finding` (dysfonctionnement): recorded during a walk, in the field, reported by an inhabitant
  (`Report`, moderated first) or pushed by a partner's system (Open311); routed to the organisation that
  must act by the charter's `RoutingRule`s over its `Category` grid, then treated through the states of
  `diagnostics.states`, each change a `FindingEvent` (with `FindingPhoto`s after);
- `WalkCheck`: the next walk of a sector checks what the previous ones found;
- `Perimeter`: a territory's outline (GeoJSON, WGS 84), linked one-to-one to `charter.Territory`;
- `ApiKey`: an Open311 key of a partner organisation (only its hash is stored);
- `Notification`: one e-mail sent (the idempotency key of the notification jobs).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from actions.models import Action, ProjectSheet
from charter.models import Charter, Organisation, Residence, Territory
from gusp.core.versions import VersionedModel

from .choices import (  # noqa: F401 - re-exported
    CLOSED_STATES,
    MAX_DESCRIPTION,
    MAX_TARGET_DAYS,
    OPEN_STATES,
    RESIDENCE_PLACES,
    Assignee,
    CheckResult,
    EventKind,
    FindingState,
    LocationSource,
    PlaceKind,
    RejectReason,
    Severity,
    Source,
)
from .querysets import (
    ApiKeyQuerySet,
    CategoryQuerySet,
    FindingQuerySet,
    RoutingRuleQuerySet,
    WalkQuerySet,
)

LATITUDE = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE = [MinValueValidator(-180), MaxValueValidator(180)]
DEMO_NOTE = "Donnée de démonstration (ne figure pas dans la charte)."


class Category(VersionedModel):
    """A line of the charter's grid of dysfunctions, with the target delay to treat one."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="finding_categories")
    code = models.SlugField(
        "code", max_length=40, help_text="Identifiant stable (service_code de l'API Open311)."
    )
    label = models.CharField("intitulé", max_length=120)
    description = models.CharField("précisions", max_length=300, blank=True)
    target_days = models.PositiveSmallIntegerField(
        "délai cible (jours)",
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TARGET_DAYS)],
        help_text=f"Délai de traitement visé, de 1 à {MAX_TARGET_DAYS} jours.",
    )
    sheet = models.ForeignKey(
        ProjectSheet,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="finding_categories",
        verbose_name="fiche projet liée",
        help_text="La fiche du plan d'actions que ces constats alimentent (diagnostic permanent).",
    )
    order = models.PositiveSmallIntegerField("ordre", default=0, validators=[MaxValueValidator(1000)])
    is_active = models.BooleanField("proposée à la saisie", default=True)
    history = HistoricalRecords()

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = "catégorie de dysfonctionnement"
        verbose_name_plural = "catégories de dysfonctionnements"
        ordering = ["order", "label"]
        constraints = [
            models.UniqueConstraint(fields=["charter", "code"], name="unique_category_code"),
            models.CheckConstraint(
                condition=Q(target_days__gte=1, target_days__lte=MAX_TARGET_DAYS), name="category_target_days"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self):
        if self.sheet_id and self.charter_id and self.sheet.charter_id != self.charter_id:
            raise ValidationError({"sheet": "Cette fiche n'appartient pas à la charte."})


class RoutingRule(VersionedModel):
    """Who must act on a finding of a category (or of any category) in a kind of place. The most specific
    rule wins (the category's before the « toutes catégories » one). A finding keeps the organisation it
    was routed to: changing a rule applies to new findings only."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="routing_rules")
    category = models.ForeignKey(
        Category,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="routing_rules",
        verbose_name="catégorie",
        help_text="Vide : toutes les catégories sans règle propre.",
    )
    place_kind = models.CharField("lieu", max_length=20, choices=PlaceKind.choices)
    assignee = models.CharField("à qui", max_length=20, choices=Assignee.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="routing_rules",
        verbose_name="organisation",
    )
    service = models.CharField(
        "service",
        max_length=150,
        blank=True,
        help_text="Par exemple : Police municipale, Direction des collectes.",
    )
    history = HistoricalRecords()

    objects = RoutingRuleQuerySet.as_manager()

    class Meta:
        verbose_name = "règle d'orientation"
        verbose_name_plural = "règles d'orientation"
        ordering = ["place_kind", "category__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["charter", "category", "place_kind"], name="unique_rule_per_category_and_place"
            ),
            models.UniqueConstraint(
                fields=["charter", "place_kind"],
                condition=Q(category__isnull=True),
                name="unique_default_rule_per_place",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.category or 'Toutes catégories'} · {self.get_place_kind_display()} → {self.target_label}"
        )

    @property
    def target_label(self) -> str:
        if self.assignee == Assignee.LANDLORD:
            return "le bailleur de la résidence"
        name = str(self.organisation) if self.organisation_id else "?"
        return f"{name} — {self.service}" if self.service else name

    def clean(self):
        errors = {}
        if self.assignee == Assignee.LANDLORD:
            if self.place_kind and self.place_kind not in RESIDENCE_PLACES:
                errors["assignee"] = "L'espace public n'a pas de bailleur : désignez une organisation."
            if self.organisation_id:
                errors["organisation"] = (
                    "Le bailleur est celui de la résidence : laissez l'organisation vide."
                )
        elif self.assignee == Assignee.ORGANISATION and not self.organisation_id:
            errors["organisation"] = "Désignez l'organisation qui doit agir."
        if self.category_id and self.charter_id and self.category.charter_id != self.charter_id:
            errors["category"] = "Cette catégorie n'appartient pas à la charte."
        if errors:
            raise ValidationError(errors)


class WalkingDiagnostic(VersionedModel):
    """A diagnostic en marchant: a joint team walks a sector (or a whole territory) on a date, along a
    route, records each dysfunction, and checks what the previous walks of the sector found."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="walks")
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="walks", verbose_name="quartier"
    )
    sector = models.CharField(
        "secteur",
        max_length=100,
        blank=True,
        help_text="Vide : tout le quartier. Reprenez le même nom d'une marche à l'autre pour suivre le secteur.",
    )
    planned_on = models.DateField("date")
    start_time = models.TimeField("heure de départ", null=True, blank=True)
    meeting_point = models.CharField("point de rendez-vous", max_length=250, blank=True)
    route = models.TextField("itinéraire", blank=True, max_length=3000)
    summary = models.TextField(
        "synthèse", blank=True, max_length=10_000, help_text="Analyse, axes d'intervention, suites."
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organised_walks",
        editable=False,
    )
    is_demo = models.BooleanField("donnée de démonstration", default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = WalkQuerySet.as_manager()

    class Meta:
        verbose_name = "diagnostic en marchant"
        verbose_name_plural = "diagnostics en marchant"
        ordering = ["-planned_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_on__year__gte=2000, planned_on__year__lte=2100),
                name="walk_plausible_date",
            )
        ]

    def __str__(self) -> str:
        return f"Diagnostic en marchant — {self.place_label} — {self.planned_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("diagnostics:walk_detail", args=[self.pk])

    @property
    def place_label(self) -> str:
        return f"{self.territory}, secteur {self.sector}" if self.sector else str(self.territory)

    def clean(self):
        if self.planned_on and not 2000 <= self.planned_on.year <= 2100:
            raise ValidationError({"planned_on": "Choisissez une date entre 2000 et 2100."})
        if self.territory_id and self.charter_id and self.territory.charter_id != self.charter_id:
            raise ValidationError({"territory": "Ce quartier n'appartient pas à la charte."})


class WalkMember(models.Model):
    """A member of a walk's team: a partner's person (with an account or not) or an inhabitants'
    representative. Members with an account record findings during the walk."""

    walk = models.ForeignKey(WalkingDiagnostic, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="organisation",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="walk_seats",
        verbose_name="compte",
    )
    full_name = models.CharField("nom", max_length=150, blank=True)
    capacity = models.CharField(
        "qualité", max_length=150, blank=True, help_text="Par exemple : représentante des habitants, gardien."
    )

    class Meta:
        verbose_name = "membre de l'équipe"
        verbose_name_plural = "équipe"
        ordering = ["organisation__name", "full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["walk", "user"], condition=Q(user__isnull=False), name="one_seat_per_user"
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(user__isnull=False) | ~Q(full_name=""),
                name="walk_member_named",
            ),
        ]

    def __str__(self) -> str:
        name = (
            self.full_name
            or (self.user.get_full_name() if self.user_id else "")
            or str(self.organisation or "")
        )
        return (
            f"{name} ({self.organisation})"
            if self.organisation_id and name != str(self.organisation)
            else name
        )


def photo_path(instance, filename: str) -> str:
    # The stored name never comes from the user.
    return f"diagnostics/{instance.finding.charter_id}/{uuid.uuid4().hex}.{instance.extension}"


class Finding(VersionedModel):
    """A dysfunction (dysfonctionnement), followed from its recording until it is checked."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="findings", editable=False)
    client_id = models.UUIDField(
        "identifiant de saisie",
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="Fait par l'appareil qui a saisi le constat : envoyé deux fois, il n'est créé qu'une fois.",
    )
    source = models.CharField("origine", max_length=20, choices=Source.choices, editable=False)
    walk = models.ForeignKey(
        WalkingDiagnostic,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name="diagnostic en marchant",
        editable=False,
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="findings", verbose_name="catégorie"
    )
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="findings", verbose_name="quartier"
    )
    place_kind = models.CharField("lieu", max_length=20, choices=PlaceKind.choices)
    residence = models.ForeignKey(
        Residence,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name="résidence",
    )
    entrance = models.CharField("entrée, cage d'escalier", max_length=60, blank=True)
    place_note = models.CharField("précisions sur le lieu", max_length=200, blank=True)
    latitude = models.DecimalField(
        "latitude", max_digits=9, decimal_places=6, null=True, blank=True, validators=LATITUDE
    )
    longitude = models.DecimalField(
        "longitude", max_digits=9, decimal_places=6, null=True, blank=True, validators=LONGITUDE
    )
    location_source = models.CharField(
        "origine du point", max_length=10, choices=LocationSource.choices, blank=True, default=""
    )
    severity = models.PositiveSmallIntegerField(
        "gravité",
        choices=Severity.choices,
        default=Severity.MEDIUM,
        validators=[MinValueValidator(Severity.LOW), MaxValueValidator(Severity.DANGER)],
    )
    description = models.TextField("description", max_length=MAX_DESCRIPTION)
    state = models.CharField("état", max_length=20, choices=FindingState.choices, default=FindingState.NEW)
    # Routing: who must act, by which rule, by when. Kept as routed: a rule changed later does not move it.
    assigned_to = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_findings",
        verbose_name="organisation chargée",
    )
    assigned_service = models.CharField("service", max_length=150, blank=True)
    routing_rule = models.ForeignKey(
        RoutingRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    routing_count = models.PositiveSmallIntegerField(default=0, editable=False)
    due_on = models.DateField("à traiter avant le", null=True, blank=True)
    # Treatment
    reject_reason = models.CharField(
        "motif du rejet", max_length=20, choices=RejectReason.choices, blank=True
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name="doublon de",
    )
    action = models.ForeignKey(
        Action,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name="action du plan",
    )
    is_public = models.BooleanField(
        "publié",
        default=False,
        help_text="Visible des habitants, sans donnée personnelle ni lieu précis dans une résidence.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recorded_findings",
        editable=False,
    )
    created_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    is_demo = models.BooleanField("donnée de démonstration", default=False, editable=False)
    # Clocks
    observed_at = models.DateTimeField("constaté le")
    created_at = models.DateTimeField("enregistré le", auto_now_add=True)
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)
    routed_at = models.DateTimeField("orienté le", null=True, blank=True, editable=False)
    acknowledged_at = models.DateTimeField("pris en compte le", null=True, blank=True, editable=False)
    treated_at = models.DateTimeField("traité le", null=True, blank=True, editable=False)
    closed_at = models.DateTimeField("clos le", null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = "constat"
        ordering = ["-observed_at", "-pk"]
        indexes = [
            models.Index(fields=["charter", "state", "due_on"]),
            models.Index(fields=["assigned_to", "state", "due_on"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(severity__gte=1, severity__lte=4), name="finding_severity"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="finding_point",
            ),
            models.CheckConstraint(
                condition=~Q(place_kind__in=sorted(RESIDENCE_PLACES)) | Q(residence__isnull=False),
                name="finding_residence_named",
            ),
        ]

    def __str__(self) -> str:
        return f"Constat n°{self.pk} — {self.category}"

    def get_absolute_url(self) -> str:
        return reverse("diagnostics:finding_detail", args=[self.pk])

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def place_label(self) -> str:
        """Where, as partners read it (the entrance included)."""
        parts = []
        if self.residence_id:
            parts.append(str(self.residence))
            if self.entrance:
                parts.append(self.entrance)
        else:
            parts.append(self.get_place_kind_display().split(" (")[0])
        if self.place_note:
            parts.append(self.place_note)
        return " — ".join(parts)

    @property
    def public_place_label(self) -> str:
        """Where, as published: the quarter, and the residence's name at most (never its entrance)."""
        if self.residence_id:
            return f"{self.territory} — résidence {self.residence.name}"
        return f"{self.territory} — espace public"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def clean(self):
        errors = {}
        if self.place_kind in RESIDENCE_PLACES and not self.residence_id:
            errors["residence"] = "Indiquez la résidence."
        if self.place_kind == PlaceKind.PUBLIC and self.residence_id:
            errors["residence"] = "Un constat sur l'espace public ne nomme pas de résidence."
        if self.residence_id and self.territory_id and self.residence.territory_id != self.territory_id:
            errors["residence"] = "Cette résidence n'est pas dans le quartier choisi."
        if self.territory_id and self.charter_id and self.territory.charter_id != self.charter_id:
            errors["territory"] = "Ce quartier n'appartient pas à la charte."
        if self.category_id and self.charter_id and self.category.charter_id != self.charter_id:
            errors["category"] = "Cette catégorie n'appartient pas à la charte."
        if (self.latitude is None) != (self.longitude is None):
            errors["latitude"] = "Un point a une latitude et une longitude."
        if self.duplicate_of_id and self.duplicate_of_id == self.pk:
            errors["duplicate_of"] = "Un constat ne peut pas être son propre doublon."
        if errors:
            raise ValidationError(errors)


class FindingEvent(models.Model):
    """One step of a finding's treatment: who, when, what changed, a comment (and photos after)."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("nature", max_length=20, choices=EventKind.choices)
    from_state = models.CharField(max_length=20, choices=FindingState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=FindingState.choices, blank=True)
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    api_key = models.ForeignKey("ApiKey", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    walk = models.ForeignKey(
        WalkingDiagnostic, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField("le")
    comment = models.TextField("commentaire", blank=True, max_length=MAX_DESCRIPTION)

    class Meta:
        verbose_name = "étape du traitement"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.at:%d/%m/%Y %Hh%M}"

    @property
    def who(self) -> str:
        if self.author_id:
            name = self.author.get_full_name() or self.author.username
            return f"{name} ({self.organisation})" if self.organisation_id else name
        if self.api_key_id:
            return f"{self.organisation} (Open311)"
        return str(self.organisation) if self.organisation_id else "Un habitant"


class FindingPhoto(models.Model):
    """A photo of a finding (`event` empty) or of its treatment (`event`: the photo after), stored under
    MEDIA_ROOT without its metadata and served after a permission check."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="photos")
    event = models.ForeignKey(
        FindingEvent, on_delete=models.CASCADE, null=True, blank=True, related_name="photos"
    )
    file = models.FileField(upload_to=photo_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "photo"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("diagnostics:photo", args=[self.pk])


class Report(models.Model):
    """What an inhabitant sent through the public form, beside the finding it became. The e-mail address
    is the only personal data: shown on the coordinator's moderation page alone, never published, used
    once to tell the reporter the outcome, and deleted once the report is closed (see `services.reports`)."""

    finding = models.OneToOneField(Finding, on_delete=models.CASCADE, related_name="report")
    email = models.EmailField("courriel", blank=True)
    email_deleted_at = models.DateTimeField(null=True, blank=True)
    form_digest = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    notified_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "signalement d'habitant"
        verbose_name_plural = "signalements d'habitants"
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"Signalement du {self.submitted_at:%d/%m/%Y}"


class WalkCheck(models.Model):
    """At a walk, the team looked again at a finding of a previous walk of the sector."""

    walk = models.ForeignKey(WalkingDiagnostic, on_delete=models.CASCADE, related_name="checks")
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="walk_checks")
    result = models.CharField("constat", max_length=20, choices=CheckResult.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField()
    comment = models.CharField("commentaire", max_length=500, blank=True)

    class Meta:
        verbose_name = "vérification lors d'un diagnostic"
        constraints = [models.UniqueConstraint(fields=["walk", "finding"], name="one_check_per_walk")]

    def __str__(self) -> str:
        return f"{self.finding} : {self.get_result_display()}"


class Perimeter(models.Model):
    """A territory's outline, as a GeoJSON geometry (Polygon or MultiPolygon, WGS 84 longitude/latitude),
    imported from the national QPV open data format (`manage.py import_territories`). Its bounding box is
    kept to find the territory of a point quickly."""

    territory = models.OneToOneField(Territory, on_delete=models.CASCADE, related_name="outline")
    geometry = models.JSONField("contour (GeoJSON)")
    code = models.CharField("code (QPV)", max_length=30, blank=True)
    source = models.CharField("source", max_length=250, blank=True)
    is_approximate = models.BooleanField(
        "contour approximatif", default=False, help_text="Tracé indicatif, pas un périmètre officiel."
    )
    min_longitude = models.FloatField(validators=LONGITUDE)
    min_latitude = models.FloatField(validators=LATITUDE)
    max_longitude = models.FloatField(validators=LONGITUDE)
    max_latitude = models.FloatField(validators=LATITUDE)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "périmètre"

    def __str__(self) -> str:
        return f"Périmètre de {self.territory}"


class ApiKey(models.Model):
    """An Open311 key of a partner organisation in a charter. Only a hash is stored; the key is shown once,
    when created. A key reads its organisation's findings and what is public, and changes only its own."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="api_keys")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_keys", verbose_name="organisation"
    )
    label = models.CharField(
        "usage", max_length=150, help_text="Par exemple : logiciel de gestion des réclamations."
    )
    prefix = models.CharField(max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = "clé d'API Open311"
        verbose_name_plural = "clés d'API Open311"
        ordering = ["organisation__name", "-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.label} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Notification(models.Model):
    """One e-mail sent about a finding: written in the same transaction as the sending, so that a job run
    twice sends it once."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20)
    sequence = models.PositiveSmallIntegerField(default=0)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "notification envoyée"
        constraints = [
            models.UniqueConstraint(fields=["finding", "kind", "sequence", "user"], name="one_notification"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.finding_id} → {self.user_id}"


# Tenants' satisfaction surveys live in their own module (diagnostics/surveys/models.py), imported here so
# that Django finds them.
from .surveys.models import SatisfactionSurvey, SurveyQuestion, SurveyResult  # noqa: E402, F401
