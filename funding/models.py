"""Funding (section VII, « L'engagement des partenaires »): who finances what, for which year, and where
each commitment stands; the cost of the GUSP mission (the coordinator post) per year; the yearly summary
tables the coordinator publishes.

- `Financer`: a partner of the charter (its referents record its commitments), the landlords together
  (their share split pro rata of their dwellings, `shares.landlords_split`), or a complementary source
  found later (the CUCS call for projects, European funds…), whose committed amount is deducted from the
  partners' commitments of the same sheet and year (`services.rebalance`).
- `FundingCommitment`: a financer's amount for a sheet (or the GUSP mission) and a year: hoped for,
  requested, committed (voted, with the reference of the decision); `Payment`s record what is paid.
- `MissionBudget`: the yearly total cost of the GUSP mission; the financers' shares are their commitments
  to the mission that year.
- `TablePublication`: a year whose summary table the public may read."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from actions.models import ProjectSheet
from charter.models import Charter, Organisation, Partnership
from gusp.core.versions import VersionedModel

from .choices import (
    AMOUNT_MAX,
    AMOUNT_MIN,
    MISSION_LABEL,
    YEAR_MAX,
    YEAR_MIN,
    CommitmentState,
    FinancerKind,
)
from .fields import (  # noqa: F401 - re-exported: funding's field helpers moved to funding.fields
    AMOUNT_VALIDATORS,
    YEAR_VALIDATORS,
    amount_field,
    cache_field,
    check_year_in_period,
    year_field,
)
from .formats import euros
from .querysets import FinancerQuerySet, FundingCommitmentQuerySet, MissionBudgetQuerySet, PaymentQuerySet


def _year_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX),
        name=name,
        violation_error_message=f"L'année doit être comprise entre {YEAR_MIN} et {YEAR_MAX}.",
    )


def _amount_constraint(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": AMOUNT_MIN, f"{field}__lte": AMOUNT_MAX}),
        name=name,
        violation_error_message="Le montant doit être compris entre 0,01 € et 100 milliards d'euros.",
    )


class Financer(VersionedModel):
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="financers")
    name = models.CharField("nom", max_length=150)
    kind = models.CharField(
        "nature", max_length=20, choices=FinancerKind.choices, default=FinancerKind.PARTNER
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="financer_roles",
        verbose_name="organisation partenaire",
        help_text="Ses référents saisissent les engagements de ce financeur (par exemple l'État pour l'ANRU).",
    )
    order = models.PositiveSmallIntegerField("ordre", default=0, validators=[MaxValueValidator(1000)])
    description = models.CharField("précisions", max_length=500, blank=True)
    history = HistoricalRecords()

    objects = FinancerQuerySet.as_manager()

    class Meta:
        verbose_name = "financeur"
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["charter", "name"],
                name="unique_financer_name",
                violation_error_message="Cette charte a déjà un financeur de ce nom.",
            ),
            models.UniqueConstraint(
                fields=["charter"],
                condition=Q(kind=FinancerKind.LANDLORDS),
                name="one_landlords_financer_per_charter",
                violation_error_message="Cette charte a déjà son financeur « bailleurs sociaux au prorata ».",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_complementary(self) -> bool:
        return self.kind == FinancerKind.COMPLEMENTARY

    @property
    def is_landlords(self) -> bool:
        return self.kind == FinancerKind.LANDLORDS

    def clean(self):
        if self.kind == FinancerKind.LANDLORDS and self.organisation_id:
            raise ValidationError(
                {
                    "organisation": "La part des bailleurs est répartie entre eux : elle n'a pas d'organisation."
                }
            )
        if self.kind == FinancerKind.PARTNER and not self.organisation_id:
            raise ValidationError({"organisation": "Un partenaire de la charte a son organisation."})
        if (
            self.organisation_id
            and self.charter_id
            and not Partnership.objects.filter(
                charter=self.charter_id, organisation=self.organisation_id
            ).exists()
        ):
            raise ValidationError({"organisation": "Cette organisation n'est pas partenaire de la charte."})


class FundingCommitment(VersionedModel):
    """A financer's amount for a project sheet (or, with no sheet, the GUSP mission) and a year."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="funding_commitments")
    sheet = models.ForeignKey(
        ProjectSheet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funding_commitments",
        verbose_name="fiche projet",
        help_text=f"Laisser vide pour la {MISSION_LABEL[0].lower()}{MISSION_LABEL[1:]}.",
    )
    financer = models.ForeignKey(
        Financer, on_delete=models.PROTECT, related_name="commitments", verbose_name="financeur"
    )
    year = year_field()
    amount = amount_field("montant (€)")
    state = models.CharField(
        "état", max_length=20, choices=CommitmentState.choices, default=CommitmentState.HOPED
    )
    decision_reference = models.CharField(
        "référence de la décision",
        max_length=300,
        blank=True,
        help_text="Délibération du conseil, décision de la commission permanente, du comité d'engagement…",
    )
    # A decision recorded on the platform (a committee's). Funding reads it; governance never reads funding.
    decision = models.ForeignKey(
        "governance.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funding_commitments",
        verbose_name="décision d'une instance de la charte",
    )
    committed_on = models.DateField("voté le", null=True, blank=True)
    note = models.TextField("observations", blank=True, max_length=2000)
    is_demo = models.BooleanField("donnée de démonstration", default=False, editable=False)
    # Kept on purpose, written only by the services: the sum of the payments (`services.record_payment`),
    # and what complementary funding took off this partner's commitment (`services.rebalance`).
    paid_total = cache_field("montant versé (€)")
    deducted = cache_field("déduit au titre des financements complémentaires (€)")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )
    history = HistoricalRecords()

    objects = FundingCommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = "engagement financier"
        verbose_name_plural = "engagements financiers"
        ordering = ["year", "sheet__number", "financer__order", "financer__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["financer", "sheet", "year"],
                condition=Q(sheet__isnull=False),
                name="one_commitment_per_financer_sheet_year",
                violation_error_message="Ce financeur a déjà un engagement pour cette fiche et cette année : modifiez-le.",
            ),
            models.UniqueConstraint(
                fields=["financer", "year"],
                condition=Q(sheet__isnull=True),
                name="one_mission_commitment_per_financer_year",
                violation_error_message="Ce financeur a déjà un engagement pour la mission GUSP cette année : modifiez-le.",
            ),
            _amount_constraint("amount", "commitment_amount_range"),
            _year_constraint("commitment_year_range"),
            models.CheckConstraint(
                condition=Q(paid_total__gte=0, deducted__gte=0), name="commitment_sums_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["charter", "year"])]

    def __str__(self) -> str:
        return f"{self.financer} — {self.target_label} — {self.year} : {euros(self.amount)}"

    def get_absolute_url(self) -> str:
        return reverse("funding:commitment_detail", args=[self.pk])

    @property
    def target_label(self) -> str:
        return str(self.sheet) if self.sheet_id else MISSION_LABEL

    @property
    def net_amount(self):
        """What the commitment brings: its amount less what complementary funding took off it."""
        return self.amount - self.deducted

    @property
    def unpaid(self):
        return self.net_amount - self.paid_total

    def clean(self):
        """Same charter for the financer, the sheet and the decision; a year of the charter's period; a voted
        commitment says by which decision; payments only on a voted commitment, never above what it brings."""
        errors = {}
        if self.charter_id:
            if self.financer_id and self.financer.charter_id != self.charter_id:
                errors["financer"] = "Ce financeur n'est pas un financeur de cette charte."
            if self.sheet_id and self.sheet.charter_id != self.charter_id:
                errors["sheet"] = "Cette fiche n'appartient pas à cette charte."
            if self.decision_id and self.decision.meeting.committee.charter_id != self.charter_id:
                errors["decision"] = "Cette décision n'a pas été prise par une instance de cette charte."
            try:
                check_year_in_period(self.charter, self.year)
            except ValidationError as error:
                errors |= error.message_dict
        if self.state == CommitmentState.COMMITTED:
            if not (self.decision_reference.strip() or self.decision_id):
                errors["decision_reference"] = (
                    "Un engagement voté indique la décision qui l'a voté (référence, ou décision d'une instance)."
                )
        elif self.paid_total:
            errors["state"] = "Des versements sont enregistrés : l'engagement reste voté."
        if self.amount is not None and self.paid_total + self.deducted > self.amount:
            errors["amount"] = (
                f"Le montant ne peut être inférieur à ce qui est déjà versé ({euros(self.paid_total)})"
                + (f" et déduit ({euros(self.deducted)})." if self.deducted else ".")
            )
        if errors:
            raise ValidationError(errors)


class Payment(models.Model):
    """A payment (versement) of a voted commitment, partial or whole."""

    commitment = models.ForeignKey(FundingCommitment, on_delete=models.CASCADE, related_name="payments")
    paid_on = models.DateField("versé le")
    amount = amount_field("montant versé (€)")
    reference = models.CharField(
        "référence", max_length=200, blank=True, help_text="Mandat, titre de recette…"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = "versement"
        ordering = ["paid_on", "pk"]
        constraints = [_amount_constraint("amount", "payment_amount_range")]

    def __str__(self) -> str:
        return f"{self.paid_on:%d/%m/%Y} : {euros(self.amount)}"

    def clean(self):
        if self.paid_on and not (self.paid_on.year >= YEAR_MIN and self.paid_on <= timezone.localdate()):
            raise ValidationError(
                {"paid_on": f"Un versement est daté entre {YEAR_MIN} et aujourd'hui (il a eu lieu)."}
            )


class MissionBudget(VersionedModel):
    """The total cost of the GUSP mission (the coordinator post and its means) for one year. The charter
    gives the rule of its funding (section VII, footnotes 18 and 19), not the amounts."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="mission_budgets")
    year = year_field()
    total_cost = amount_field("coût total de l'année (€)")
    note = models.TextField("observations", blank=True, max_length=2000)
    is_demo = models.BooleanField("donnée de démonstration", default=False, editable=False)
    history = HistoricalRecords()

    objects = MissionBudgetQuerySet.as_manager()

    class Meta:
        verbose_name = "coût de la mission GUSP"
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(
                fields=["charter", "year"],
                name="one_mission_budget_per_year",
                violation_error_message="Le coût de la mission est déjà saisi pour cette année : modifiez-le.",
            ),
            _amount_constraint("total_cost", "mission_cost_range"),
            _year_constraint("mission_year_range"),
        ]

    def __str__(self) -> str:
        return f"Mission GUSP {self.year} : {euros(self.total_cost)}"

    def clean(self):
        if self.charter_id:
            check_year_in_period(self.charter, self.year)


class TablePublication(models.Model):
    """The coordinator published the summary table of that year: the public reads it."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="funding_publications")
    year = year_field()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )
    published_at = models.DateTimeField("publié le", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "tableau de synthèse publié"
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["charter", "year"], name="one_publication_per_year"),
            _year_constraint("publication_year_range"),
        ]

    def __str__(self) -> str:
        return f"Tableau de synthèse {self.year} — {self.charter}"


# The landlords' programmes financed by the TFPB abatement live in their own module (funding/tfpb/models.py),
# imported here so that Django finds them.
from .tfpb.models import (  # noqa: E402, F401
    ConventionQuarter,
    TfpbAction,
    TfpbComment,
    TfpbConvention,
    TfpbReport,
)
