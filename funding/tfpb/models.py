"""The TFPB programmes' records (see the package's docstring). Amounts are exact decimals in euros, to the
cent, within funding's plausible range (`funding.choices`); a realised amount may be zero (nothing spent)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from actions.models import Action, ProjectSheet
from charter.choices import OrganisationKind
from charter.models import Charter, Organisation, Partnership, Territory
from gusp.core.versions import VersionedModel

from ..choices import AMOUNT_DIGITS, AMOUNT_MAX, CENT, YEAR_MAX, YEAR_MIN
from ..fields import amount_field, check_year_in_period, year_field
from ..formats import euros
from .choices import AXIS_MAX, AXIS_MIN, DWELLINGS_MAX, TEXT_MAX, UNKNOWN_AXIS, Axis, ReportState
from .querysets import (
    CommentQuerySet,
    ConventionQuarterQuerySet,
    ConventionQuerySet,
    TfpbActionQuerySet,
    TfpbReportQuerySet,
)


def _optional_amount(label: str, *, minimum: Decimal, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=AMOUNT_DIGITS,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(minimum), MaxValueValidator(AMOUNT_MAX)],
        **kwargs,
    )


class TfpbConvention(VersionedModel):
    """A landlord's convention of use of the TFPB abatement in a charter's quarters, for a run of years
    (the abatement runs to 2030). Kept by the coordination; its landlord enters the yearly programmes."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="tfpb_conventions")
    landlord = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="tfpb_conventions", verbose_name="bailleur"
    )
    title = models.CharField(
        "intitulé", max_length=200, default="Convention d'utilisation de l'abattement de TFPB"
    )
    reference = models.CharField(
        "référence",
        max_length=200,
        blank=True,
        help_text="Par exemple : annexe n°4 au contrat de ville, signée par la ville, l'agglomération et l'État.",
    )
    start_year = year_field("première année")
    end_year = year_field("dernière année")
    signed_on = models.DateField("signée le", null=True, blank=True)
    note = models.TextField("observations", blank=True, max_length=2000)
    is_demo = models.BooleanField("donnée de démonstration", default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )
    history = HistoricalRecords()

    objects = ConventionQuerySet.as_manager()

    class Meta:
        verbose_name = "convention d'abattement de TFPB"
        verbose_name_plural = "conventions d'abattement de TFPB"
        ordering = ["landlord__name", "start_year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["charter", "landlord", "start_year"],
                name="one_tfpb_convention_per_landlord_start",
                violation_error_message="Ce bailleur a déjà une convention qui commence cette année-là.",
            ),
            models.CheckConstraint(
                condition=Q(start_year__lte=F("end_year")),
                name="tfpb_convention_years_ordered",
                violation_error_message="La dernière année ne peut précéder la première.",
            ),
            models.CheckConstraint(
                condition=Q(start_year__gte=YEAR_MIN, end_year__lte=YEAR_MAX),
                name="tfpb_convention_years_range",
                violation_error_message=f"Les années sont comprises entre {YEAR_MIN} et {YEAR_MAX}.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.landlord} ({self.start_year}–{self.end_year})"

    def get_absolute_url(self) -> str:
        return reverse("funding:tfpb_convention", args=[self.pk])

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)

    def clean(self):
        errors = {}
        if self.landlord_id:
            if self.landlord.kind != OrganisationKind.LANDLORD:
                errors["landlord"] = "Une convention d'abattement de TFPB est signée par un bailleur social."
            elif (
                self.charter_id
                and not Partnership.objects.filter(
                    charter=self.charter_id, organisation=self.landlord_id
                ).exists()
            ):
                errors["landlord"] = "Ce bailleur n'est pas partenaire de la charte."
        if self.charter_id and self.start_year and self.end_year:
            for field in ("start_year", "end_year"):
                try:
                    check_year_in_period(self.charter, getattr(self, field), field)
                except ValidationError as error:
                    errors |= error.message_dict
            if self.start_year > self.end_year:
                errors["end_year"] = "La dernière année ne peut précéder la première."
            elif self.landlord_id:
                overlapping = TfpbConvention.objects.filter(
                    charter=self.charter_id,
                    landlord=self.landlord_id,
                    start_year__lte=self.end_year,
                    end_year__gte=self.start_year,
                ).exclude(pk=self.pk)
                if overlapping.exists():
                    errors["start_year"] = (
                        "Ce bailleur a déjà une convention sur une partie de ces années : modifiez-la."
                    )
        if errors:
            raise ValidationError(errors)


class ConventionQuarter(VersionedModel):
    """A priority quarter of a convention: the landlord's dwellings concerned, and the yearly abatement,
    typed (`yearly_abatement`) or computed from a figure per dwelling (`abatement_per_dwelling`)."""

    convention = models.ForeignKey(TfpbConvention, on_delete=models.CASCADE, related_name="quarters")
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="tfpb_quarters", verbose_name="quartier prioritaire"
    )
    dwellings = models.PositiveIntegerField(
        "logements concernés",
        validators=[MinValueValidator(1), MaxValueValidator(DWELLINGS_MAX)],
        help_text="Les logements du bailleur dans le quartier prioritaire qui bénéficient de l'abattement.",
    )
    yearly_abatement = _optional_amount(
        "abattement annuel prévu (€)",
        minimum=Decimal("0.01"),
        help_text="Montant annuel de l'abattement ; laissez vide pour le calculer à partir du montant par logement.",
    )
    abatement_per_dwelling = _optional_amount(
        "abattement par logement et par an (€)",
        minimum=Decimal("0.01"),
        help_text="Utilisé quand le montant annuel n'est pas saisi : montant annuel = logements × montant par logement.",
    )
    history = HistoricalRecords()

    objects = ConventionQuarterQuerySet.as_manager()

    class Meta:
        verbose_name = "quartier de la convention"
        verbose_name_plural = "quartiers de la convention"
        ordering = ["territory__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "territory"],
                name="one_tfpb_line_per_quarter",
                violation_error_message="Ce quartier figure déjà dans la convention : modifiez-le.",
            ),
            models.CheckConstraint(
                condition=Q(yearly_abatement__isnull=False) | Q(abatement_per_dwelling__isnull=False),
                name="tfpb_quarter_has_an_amount",
                violation_error_message=(
                    "Indiquez l'abattement annuel, ou le montant par logement dont il se calcule."
                ),
            ),
            models.CheckConstraint(
                condition=Q(dwellings__gte=1, dwellings__lte=DWELLINGS_MAX),
                name="tfpb_quarter_dwellings_range",
                violation_error_message=f"Le nombre de logements est compris entre 1 et {DWELLINGS_MAX}.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.territory} — {self.dwellings} logements"

    @property
    def is_computed(self) -> bool:
        """The yearly amount is computed from the figure per dwelling."""
        return self.yearly_abatement is None

    @property
    def yearly_amount(self) -> Decimal | None:
        """The yearly abatement: typed, or the dwellings × the figure per dwelling (exact, to the cent)."""
        if self.yearly_abatement is not None:
            return self.yearly_abatement
        if self.abatement_per_dwelling is None or not self.dwellings:
            return None
        return (self.abatement_per_dwelling * self.dwellings).quantize(CENT)

    def clean(self):
        errors = {}
        if (
            self.territory_id
            and self.convention_id
            and self.territory.charter_id != self.convention.charter_id
        ):
            errors["territory"] = "Ce quartier n'appartient pas à la charte de la convention."
        if self.yearly_abatement is None and self.abatement_per_dwelling is None:
            errors["yearly_abatement"] = (
                "Indiquez l'abattement annuel, ou le montant par logement dont il se calcule."
            )
        amount = self.yearly_amount
        if amount is not None and amount > AMOUNT_MAX:
            errors["abatement_per_dwelling"] = (
                f"L'abattement annuel calculé ({euros(amount)}) dépasse 100 milliards d'euros : vérifiez la saisie."
            )
        if errors:
            raise ValidationError(errors)


def report_pdf_path(instance, filename: str) -> str:
    return f"funding/tfpb/bilan-{instance.pk}.pdf"


class TfpbReport(VersionedModel):
    """The programme and report of one landlord in one quarter for one year: its actions (`TfpbAction`), what
    the abatement amounted to that year (`abatement`, the convention's amount when empty), a short account,
    and its state: prepared by the landlord, submitted, validated by a decision of the steering committee
    (`decision`, a decision recorded in governance), possibly published to the public."""

    quarter = models.ForeignKey(ConventionQuarter, on_delete=models.CASCADE, related_name="reports")
    year = year_field()
    abatement = _optional_amount(
        "abattement constaté de l'année (€)",
        minimum=Decimal("0.01"),
        help_text="Laissez vide pour retenir le montant annuel de la convention.",
    )
    account = models.TextField(
        "bilan de l'année",
        blank=True,
        max_length=TEXT_MAX,
        help_text="En quelques lignes : ce que l'abattement a financé, ce qui a changé pour les locataires.",
    )
    state = models.CharField("état", max_length=20, choices=ReportState.choices, default=ReportState.DRAFT)
    submitted_at = models.DateTimeField("transmis le", null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # A decision of the platform (a steering committee's). Funding reads it; governance never reads funding.
    decision = models.ForeignKey(
        "governance.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="tfpb_reports",
        verbose_name="décision du comité de pilotage",
    )
    validated_at = models.DateTimeField("validé le", null=True, blank=True, editable=False)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    published_at = models.DateTimeField("publié le", null=True, blank=True, editable=False)
    # Raised by every change of the report or its actions: the PDF of a revision is up to date.
    revision = models.PositiveIntegerField("révision", default=1, editable=False)
    pdf = models.FileField("PDF", upload_to=report_pdf_path, max_length=300, blank=True, editable=False)
    pdf_revision = models.PositiveIntegerField("révision du PDF", null=True, blank=True, editable=False)
    pdf_made_on = models.DateField("PDF établi le", null=True, blank=True, editable=False)
    is_demo = models.BooleanField("donnée de démonstration", default=False, editable=False)
    history = HistoricalRecords(excluded_fields=["revision", "pdf", "pdf_revision", "pdf_made_on"])

    objects = TfpbReportQuerySet.as_manager()

    class Meta:
        verbose_name = "programme et bilan TFPB"
        verbose_name_plural = "programmes et bilans TFPB"
        ordering = ["-year", "quarter__territory__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["quarter", "year"],
                name="one_tfpb_report_per_quarter_year",
                violation_error_message="Ce quartier a déjà son programme pour cette année.",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX),
                name="tfpb_report_year_range",
                violation_error_message=f"L'année doit être comprise entre {YEAR_MIN} et {YEAR_MAX}.",
            ),
            models.CheckConstraint(
                condition=~Q(state=ReportState.VALIDATED) | Q(decision__isnull=False),
                name="tfpb_validated_by_a_decision",
                violation_error_message="Un bilan validé l'est par une décision du comité de pilotage.",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(state=ReportState.VALIDATED),
                name="tfpb_published_once_validated",
                violation_error_message="Seul un bilan validé par le comité de pilotage est publié.",
            ),
        ]

    def __str__(self) -> str:
        quarter = self.quarter
        return f"Programme TFPB {self.year} — {quarter.convention.landlord} — {quarter.territory}"

    def get_absolute_url(self) -> str:
        return reverse("funding:tfpb_report", args=[self.pk])

    @property
    def abatement_amount(self) -> Decimal | None:
        """What the abatement amounted to that year: as reported, else the convention's yearly amount."""
        return self.abatement if self.abatement is not None else self.quarter.yearly_amount

    @property
    def is_validated(self) -> bool:
        return self.state == ReportState.VALIDATED

    @property
    def is_submitted(self) -> bool:
        return self.state == ReportState.SUBMITTED

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def pdf_ready(self) -> bool:
        return bool(self.pdf) and self.pdf_revision == self.revision

    def clean(self):
        if self.quarter_id and self.year and self.year not in self.quarter.convention.years:
            convention = self.quarter.convention
            raise ValidationError(
                {
                    "year": f"L'année doit être l'une de la convention ({convention.start_year} à {convention.end_year})."
                }
            )


class TfpbAction(VersionedModel):
    """An action of a programme, on one axis of the national framework: what is planned (an amount), then
    what was realised (an amount, possibly zero) and what was done. It may serve a project sheet or an
    action of the charter's plan, and answer findings of the walking diagnostics."""

    report = models.ForeignKey(TfpbReport, on_delete=models.CASCADE, related_name="actions")
    axis = models.PositiveSmallIntegerField(
        "axe",
        choices=Axis.choices,
        validators=[MinValueValidator(AXIS_MIN), MaxValueValidator(AXIS_MAX)],
        error_messages={"invalid_choice": UNKNOWN_AXIS},
    )
    title = models.CharField("action", max_length=250)
    description = models.TextField("description", blank=True, max_length=3000)
    planned_amount = amount_field("montant programmé (€)")
    realised_amount = _optional_amount(
        "montant réalisé (€)",
        minimum=Decimal("0"),
        help_text="Pendant et après l'année : ce qui a été dépensé (0 si rien ne l'a été).",
    )
    done_account = models.TextField(
        "ce qui a été fait",
        blank=True,
        max_length=3000,
        help_text="Quelques lignes : réalisé, décalé, abandonné, pourquoi.",
    )
    sheet = models.ForeignKey(
        ProjectSheet,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tfpb_actions",
        verbose_name="fiche projet servie",
    )
    action = models.ForeignKey(
        Action,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tfpb_actions",
        verbose_name="action du plan servie",
    )
    findings = models.ManyToManyField(
        "diagnostics.Finding",
        blank=True,
        related_name="tfpb_actions",
        verbose_name="constats auxquels elle répond",
    )
    order = models.PositiveSmallIntegerField("ordre", default=0, validators=[MaxValueValidator(1000)])
    is_demo = models.BooleanField("donnée de démonstration", default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )
    history = HistoricalRecords()

    objects = TfpbActionQuerySet.as_manager()

    class Meta:
        verbose_name = "action financée par l'abattement de TFPB"
        verbose_name_plural = "actions financées par l'abattement de TFPB"
        ordering = ["axis", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(axis__gte=AXIS_MIN, axis__lte=AXIS_MAX),
                name="tfpb_action_axis_range",
                violation_error_message=UNKNOWN_AXIS,
            ),
            models.CheckConstraint(
                condition=Q(planned_amount__gte=Decimal("0.01"), planned_amount__lte=AMOUNT_MAX),
                name="tfpb_action_planned_range",
                violation_error_message="Le montant programmé est compris entre 0,01 € et 100 milliards d'euros.",
            ),
            models.CheckConstraint(
                condition=Q(realised_amount__isnull=True)
                | Q(realised_amount__gte=0, realised_amount__lte=AMOUNT_MAX),
                name="tfpb_action_realised_range",
                violation_error_message="Le montant réalisé est compris entre 0 € et 100 milliards d'euros.",
            ),
        ]

    def __str__(self) -> str:
        return f"Axe {self.axis} — {self.title}"

    def clean(self):
        errors = {}
        charter_id = self.report.quarter.convention.charter_id if self.report_id else None
        if charter_id:
            if self.sheet_id and self.sheet.charter_id != charter_id:
                errors["sheet"] = "Cette fiche n'appartient pas à la charte."
            if self.action_id and self.action.sheet.charter_id != charter_id:
                errors["action"] = "Cette action n'appartient pas au plan d'actions de la charte."
        if self.sheet_id and self.action_id and self.action.sheet_id != self.sheet_id:
            errors["action"] = "Cette action ne relève pas de la fiche projet choisie."
        if errors:
            raise ValidationError(errors)


class TfpbComment(models.Model):
    """A partner's comment on a report (the partners check it in the GUSP committees)."""

    report = models.ForeignKey(TfpbReport, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    text = models.TextField("commentaire", max_length=3000)
    created_at = models.DateTimeField("écrit le", auto_now_add=True)
    is_demo = models.BooleanField("donnée de démonstration", default=False, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = "commentaire sur un bilan TFPB"
        verbose_name_plural = "commentaires sur les bilans TFPB"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Commentaire de {self.organisation} sur {self.report}"
