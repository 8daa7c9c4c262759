"""The charter registry: charters, partners and signatures, territories, residences, themes."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group, UserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from gusp.core.archive import ArchivableModel, ArchivableQuerySet
from gusp.core.versions import VersionedModel

from .choices import PERCENT_FIGURES, FigureKind, OrganisationKind, Phase, Role
from .querysets import (
    CharterQuerySet,
    CorrespondentQuerySet,
    OrganisationQuerySet,
    ResidenceQuerySet,
    TerritoryQuerySet,
    ThemeQuerySet,
    UserQuerySet,
)


class Organisation(VersionedModel):
    """A partner: signatory or not. Organisations exist once and may take part in many charters."""

    name = models.CharField("nom", max_length=200, unique=True)
    short_name = models.CharField("nom court", max_length=60, blank=True)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField("nature", max_length=30, choices=OrganisationKind.choices)
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="organisation", editable=False)
    history = HistoricalRecords()

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "organisation"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("charter:organisation_detail", args=[self.slug])

    @property
    def is_landlord(self) -> bool:
        return self.kind == OrganisationKind.LANDLORD


class AccountManager(UserManager.from_queryset(UserQuerySet)):
    """Django's user manager with the reads of `UserQuerySet`."""

    use_in_migrations = True


class User(AbstractUser):
    """A person with an account. Belongs to one organisation; the role says what the home page shows
    and whether the organisation's edit rights apply to this person (committee members only read)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="organisation",
    )
    role = models.CharField("rôle", max_length=30, choices=Role.choices, default=Role.COMMITTEE_MEMBER)
    position = models.CharField("fonction", max_length=200, blank=True)
    is_operator = models.BooleanField(
        "opérateur de la plateforme",
        default=False,
        help_text="Crée les chartes et nomme leurs coordinateurs ; double authentification obligatoire.",
    )

    objects = AccountManager()

    class Meta:
        verbose_name = "utilisateur"

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def is_referent(self) -> bool:
        return self.role == Role.REFERENT


EXAMPLE_MARK = "Exemple fictif"


class Charter(VersionedModel):
    """A GUSP charter of one commune or intercommunality."""

    title = models.CharField("titre", max_length=250)
    slug = models.SlugField(max_length=80, unique=True)
    commune = models.CharField("commune ou intercommunalité", max_length=150)
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin")
    extension_rule = models.TextField(
        "règle de prolongation", blank=True, help_text="Par exemple : prolongeable par avenant pour 3 ans."
    )
    summary = models.TextField("objet", blank=True)
    is_published = models.BooleanField("publiée", default=False)
    coordination_group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="coordinated_charter", editable=False
    )
    history = HistoricalRecords()

    objects = CharterQuerySet.as_manager()

    class Meta:
        verbose_name = "charte"
        ordering = ["-starts_on", "title"]
        permissions = [("coordinate_charter", "Coordonner la charte (tout modifier)")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="charter_dates"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.commune})"

    def get_absolute_url(self) -> str:
        return reverse("charter:charter_detail", args=[self.slug])

    @property
    def is_example(self) -> bool:
        """A fictitious example charter (the present-day example next to the historical ones): its summary
        starts with « Exemple fictif » (its data folder's charter.yaml), or its slug is listed in
        `settings.GUSP_EXAMPLE_CHARTERS`. Every page showing it says so (`{% example_banner %}`)."""
        return self.slug in getattr(settings, "GUSP_EXAMPLE_CHARTERS", ()) or (self.summary or "").startswith(
            EXAMPLE_MARK
        )

    @property
    def current_end(self):
        """The end date once amendments are applied: the latest of the charter's and its amendments'."""
        ends = [a.extends_to for a in self.amendments.all() if a.extends_to]
        return max([self.ends_on, *ends])


class CharterGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Charter, on_delete=models.CASCADE)


class CharterUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Charter, on_delete=models.CASCADE)


class Partnership(ArchivableModel):
    """An organisation taking part in a charter (signatory or associated partner)."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="partnerships")
    is_signatory = models.BooleanField("signataire", default=False)

    history = HistoricalRecords()

    objects = ArchivableQuerySet.as_manager()
    archive_related = ("organisation", "charter")

    class Meta:
        verbose_name = "partenaire"
        constraints = [models.UniqueConstraint(fields=["charter", "organisation"], name="unique_partnership")]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.charter}"


class Signature(VersionedModel):
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="signatures")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="signatures", verbose_name="organisation"
    )
    representative = models.CharField("représentant(e)", max_length=150)
    representative_title = models.CharField("qualité", max_length=300, blank=True)
    signed_on = models.DateField("date de signature", null=True, blank=True)
    order = models.PositiveSmallIntegerField("ordre", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "signature"
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["charter", "organisation"], name="unique_signature")]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.representative}"


class CharterReference(ArchivableModel):
    """A document the charter refers to ("Vu la Convention Territoriale d'Objectifs…")."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="references")
    title = models.CharField("document", max_length=250)
    details = models.CharField("précisions", max_length=500, blank=True)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    history = HistoricalRecords()

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        verbose_name = "document visé"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Amendment(VersionedModel):
    """An avenant: extends or changes a charter."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="amendments")
    number = models.PositiveSmallIntegerField("numéro", validators=[MinValueValidator(1)])
    title = models.CharField("objet", max_length=250)
    signed_on = models.DateField("date de signature")
    starts_on = models.DateField("prend effet le")
    extends_to = models.DateField("prolonge la charte jusqu'au", null=True, blank=True)
    description = models.TextField("contenu", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "avenant"
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["charter", "number"], name="unique_amendment_number")]

    def __str__(self) -> str:
        return f"Avenant n°{self.number} — {self.title}"


class Territory(ArchivableModel, VersionedModel):
    """A quarter (quartier) of a charter."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="territories")
    name = models.CharField("nom", max_length=150)
    slug = models.SlugField(max_length=80)
    phase = models.PositiveSmallIntegerField("phase", choices=Phase.choices, default=Phase.FIRST)
    description = models.TextField("description", blank=True)
    perimeter = models.TextField("périmètre", blank=True, help_text="Rues et limites du quartier.")
    is_published = models.BooleanField("publié", default=False)
    history = HistoricalRecords()

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = "quartier"
        ordering = ["phase", "name"]
        constraints = [models.UniqueConstraint(fields=["charter", "slug"], name="unique_territory_slug")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("charter:territory_detail", args=[self.pk])


class TerritoryFigure(ArchivableModel, VersionedModel):
    """A socio-economic figure of a territory, always with its source; its year when the source gives one
    (Annex 2 of the Vitrolles charter dates none of its figures: they show « non daté »)."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="figures")
    kind = models.CharField("indicateur", max_length=30, choices=FigureKind.choices)
    value = models.DecimalField("valeur", max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    year = models.PositiveSmallIntegerField(
        "année",
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
        help_text="Laisser vide quand la source ne date pas la donnée.",
    )
    source = models.CharField("source", max_length=250)
    note = models.CharField(
        "précision",
        max_length=500,
        blank=True,
        help_text="Par exemple : ce que la source ne dit pas de la donnée.",
    )
    history = HistoricalRecords()

    charter_path = "territory__charter"
    archive_parents = ("territory",)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        verbose_name = "donnée socio-économique"
        ordering = ["kind", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "kind", "year"],
                condition=models.Q(year__isnull=False),
                name="unique_figure_per_year",
            ),
            models.UniqueConstraint(
                fields=["territory", "kind"],
                condition=models.Q(year__isnull=True),
                name="unique_undated_figure",
            ),
        ]

    def __str__(self) -> str:
        year = self.year if self.year is not None else "non daté"
        return f"{self.get_kind_display()} ({year}) : {self.value}"

    @property
    def is_percent(self) -> bool:
        return self.kind in PERCENT_FIGURES


class CharterFigure(ArchivableModel, VersionedModel):
    """A figure the charter gives for the whole commune or the whole GUSP perimeter (Annex 2's first
    paragraphs), kept with the sentence that gives it, as written (comparisons included), and its source;
    its year when the source gives one. The coordinator adds, edits and removes (archives) them from the
    charter's page."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="figures")
    order = models.PositiveSmallIntegerField("ordre", default=0)
    subject = models.CharField("donnée", max_length=250)
    value = models.DecimalField(
        "valeur", max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    unit = models.CharField("unité", max_length=40, blank=True, help_text="Par exemple : %, logements.")
    text = models.TextField(
        "texte de la source", help_text="La phrase de la source, telle qu'elle est écrite."
    )
    year = models.PositiveSmallIntegerField(
        "année",
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
        help_text="Laisser vide quand la source ne date pas la donnée.",
    )
    source = models.CharField("source", max_length=250)
    history = HistoricalRecords()

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        verbose_name = "donnée de la commune"
        verbose_name_plural = "données de la commune"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.subject


class Residence(ArchivableModel, VersionedModel):
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="residences", verbose_name="quartier"
    )
    landlord = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="residences",
        limit_choices_to={"kind": OrganisationKind.LANDLORD},
        verbose_name="bailleur",
    )
    name = models.CharField("nom", max_length=150)
    dwellings = models.PositiveIntegerField("nombre de logements", validators=[MaxValueValidator(100_000)])
    address = models.CharField("adresse", max_length=250, blank=True)
    notes = models.TextField("observations", blank=True)
    history = HistoricalRecords()

    objects = ResidenceQuerySet.as_manager()

    charter_path = "territory__charter"
    archive_parents = ("territory",)
    archive_related = ("landlord",)

    class Meta:
        verbose_name = "résidence"
        ordering = ["territory__name", "name", "landlord__name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.landlord})"

    def get_absolute_url(self) -> str:
        return reverse("charter:residence_detail", args=[self.pk])


class ResidenceGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Residence, on_delete=models.CASCADE)


class ResidenceUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Residence, on_delete=models.CASCADE)


class Correspondent(ArchivableModel, VersionedModel):
    """A GUSP correspondent (référent) of a partner for a charter (Annex 3 and 4)."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="correspondents")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="correspondents", verbose_name="organisation"
    )
    full_name = models.CharField("nom", max_length=150)
    position = models.CharField("fonction", max_length=200, blank=True)
    email = models.EmailField("courriel", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    is_director = models.BooleanField("directeur / DG", default=False)
    history = HistoricalRecords()

    objects = CorrespondentQuerySet.as_manager()
    archive_related = ("organisation",)

    class Meta:
        verbose_name = "correspondant GUSP"
        verbose_name_plural = "correspondants GUSP"
        ordering = ["organisation__name", "-is_director", "full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.organisation})"


class Theme(ArchivableModel, VersionedModel):
    """A priority theme (section III)."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="themes")
    code = models.CharField("lettre", max_length=3)
    title = models.CharField("intitulé", max_length=250)
    description = models.TextField("présentation", blank=True)
    history = HistoricalRecords()

    objects = ThemeQuerySet.as_manager()

    class Meta:
        verbose_name = "thème prioritaire"
        verbose_name_plural = "thèmes prioritaires"
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["charter", "code"], name="unique_theme_code")]

    def __str__(self) -> str:
        return f"{self.code} – {self.title}"


class SubTheme(ArchivableModel, VersionedModel):
    """A sub-theme of a priority theme, grouping some of its orientations. Removing it (archiving) hides the
    orientations filed under it too, until it is restored."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="sub_themes")
    title = models.CharField("intitulé", max_length=250)
    order = models.PositiveSmallIntegerField("ordre", default=0)
    history = HistoricalRecords()

    charter_path = "theme__charter"
    archive_parents = ("theme",)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        verbose_name = "sous-thème"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Orientation(ArchivableModel, VersionedModel):
    """An operational orientation (section IV) of a theme, optionally under a sub-theme."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="orientations")
    sub_theme = models.ForeignKey(
        SubTheme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="orientations",
        verbose_name="sous-thème",
    )
    text = models.TextField("orientation", max_length=2000)
    order = models.PositiveSmallIntegerField("ordre", default=0)
    history = HistoricalRecords()

    charter_path = "theme__charter"
    archive_parents = ("theme", "sub_theme")

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        verbose_name = "orientation opérationnelle"
        verbose_name_plural = "orientations opérationnelles"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def reference(self) -> str:
        """The orientation's reference on the platform: its theme's letter and its rank (« C-6 »); the
        charter itself does not number its orientations."""
        return f"{self.theme.code}-{self.order}"


class AccountInvitation(models.Model):
    """An e-mail inviting a person to set the password of their account (a one-time, expiring link made by
    `charter.tokens.invitation_tokens`). The row is written with the job that sends it; `sent_at`, set in the
    transaction that sends the e-mail, makes sending it safe to run twice."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="invitations", verbose_name="compte"
    )
    charter = models.ForeignKey(
        Charter, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="charte"
    )
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="invité(e) par"
    )
    role = models.CharField("rôle", max_length=30, choices=Role.choices)
    created_at = models.DateTimeField("demandée le", auto_now_add=True)
    sent_at = models.DateTimeField("envoyée le", null=True, blank=True)

    class Meta:
        verbose_name = "invitation à créer un compte"
        verbose_name_plural = "invitations à créer un compte"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%d/%m/%Y})"


class LoginSession(models.Model):
    """A login of a person: which session, from where, with what browser. Listed in « Mon compte », where
    the person ends a session by deleting its row of `django.contrib.sessions` (the key is what ties them)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_sessions")
    session_key = models.CharField("session", max_length=40, unique=True)
    ip_address = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    user_agent = models.CharField("navigateur", max_length=300, blank=True)
    created_at = models.DateTimeField("connexion le", auto_now_add=True)

    class Meta:
        verbose_name = "session de connexion"
        verbose_name_plural = "sessions de connexion"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} — {self.created_at:%d/%m/%Y %Hh%M}"
