"""Satisfaction surveys' records (see the package's docstring)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from charter.choices import OrganisationKind
from charter.models import Charter, Organisation, Partnership, Residence
from gusp.core.versions import VersionedModel

from .choices import PERCENT_MAX, SAMPLE_MAX, SurveyMethod, SurveyTheme
from .querysets import SurveyQuerySet, SurveyQuestionQuerySet

MORE_RESPONDENTS = (
    "Il ne peut y avoir plus de répondants que de locataires interrogés (la taille de l'échantillon)."
)
PERCENT_RANGE = "Une part de satisfaits est un pourcentage compris entre 0 et 100."


class SatisfactionSurvey(VersionedModel):
    """A landlord's survey of its tenants: on a representative sample (at least every three years) or a
    panel (yearly), in some of its residences of the charter."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="satisfaction_surveys")
    landlord = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="satisfaction_surveys", verbose_name="bailleur"
    )
    title = models.CharField("intitulé", max_length=200)
    conducted_on = models.DateField("date de l'enquête", help_text="La fin du recueil des réponses.")
    method = models.CharField("méthode", max_length=20, choices=SurveyMethod.choices)
    sample_size = models.PositiveIntegerField(
        "taille de l'échantillon",
        validators=[MinValueValidator(1), MaxValueValidator(SAMPLE_MAX)],
        help_text="Nombre de locataires interrogés.",
    )
    respondents = models.PositiveIntegerField(
        "répondants",
        validators=[MaxValueValidator(SAMPLE_MAX)],
        help_text="Nombre de locataires qui ont répondu.",
    )
    residences = models.ManyToManyField(
        Residence, related_name="satisfaction_surveys", verbose_name="résidences enquêtées"
    )
    provider = models.CharField(
        "réalisée par", max_length=200, blank=True, help_text="Le bailleur, un institut…"
    )
    note = models.TextField("observations", blank=True, max_length=2000)
    is_demo = models.BooleanField("donnée de démonstration", default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )
    history = HistoricalRecords()

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = "enquête de satisfaction"
        verbose_name_plural = "enquêtes de satisfaction"
        ordering = ["-conducted_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(respondents__lte=F("sample_size")),
                name="survey_respondents_within_sample",
                violation_error_message=MORE_RESPONDENTS,
            ),
            models.CheckConstraint(
                condition=Q(sample_size__gte=1, sample_size__lte=SAMPLE_MAX),
                name="survey_sample_range",
                violation_error_message=f"La taille de l'échantillon est comprise entre 1 et {SAMPLE_MAX}.",
            ),
            models.CheckConstraint(
                condition=Q(conducted_on__year__gte=2000, conducted_on__year__lte=2100),
                name="survey_plausible_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.landlord} ({self.conducted_on:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("diagnostics:survey_detail", args=[self.pk])

    @property
    def response_rate(self):
        """Respondents ÷ sample, in percent."""
        return 100 * self.respondents / self.sample_size if self.sample_size else None

    @property
    def is_representative(self) -> bool:
        return self.method == SurveyMethod.REPRESENTATIVE

    def clean(self):
        errors = {}
        if (
            self.respondents is not None
            and self.sample_size is not None
            and self.respondents > self.sample_size
        ):
            errors["respondents"] = MORE_RESPONDENTS
        if self.conducted_on:
            if not 2000 <= self.conducted_on.year <= 2100:
                errors["conducted_on"] = "Choisissez une date entre 2000 et 2100."
            elif self.conducted_on > timezone.localdate():
                errors["conducted_on"] = "Une enquête est enregistrée une fois faite : sa date est passée."
        if self.landlord_id:
            if self.landlord.kind != OrganisationKind.LANDLORD:
                errors["landlord"] = "Les enquêtes de satisfaction sont celles des bailleurs sociaux."
            elif (
                self.charter_id
                and not Partnership.objects.filter(
                    charter=self.charter_id, organisation=self.landlord_id
                ).exists()
            ):
                errors["landlord"] = "Ce bailleur n'est pas partenaire de la charte."
        if errors:
            raise ValidationError(errors)


class SurveyQuestion(VersionedModel):
    """A question of a survey, filed under a theme: its results are followed from one survey to the next."""

    survey = models.ForeignKey(SatisfactionSurvey, on_delete=models.CASCADE, related_name="questions")
    theme = models.CharField("thème", max_length=20, choices=SurveyTheme.choices)
    text = models.CharField("question", max_length=300)
    order = models.PositiveSmallIntegerField("ordre", default=0, validators=[MaxValueValidator(1000)])
    history = HistoricalRecords()

    objects = SurveyQuestionQuerySet.as_manager()

    class Meta:
        verbose_name = "question d'une enquête"
        verbose_name_plural = "questions d'une enquête"
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "text"],
                name="one_question_text_per_survey",
                violation_error_message="Cette enquête a déjà cette question : modifiez-la.",
            )
        ]

    def __str__(self) -> str:
        return self.text


class SurveyResult(models.Model):
    """The share of satisfied tenants for a question, in one residence or (`residence` empty) over all the
    residences surveyed."""

    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="results")
    residence = models.ForeignKey(
        Residence,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_results",
        verbose_name="résidence",
    )
    satisfied_percent = models.DecimalField(
        "satisfaits (%)",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(PERCENT_MAX)],
        error_messages={"max_digits": PERCENT_RANGE},
    )

    class Meta:
        verbose_name = "résultat"
        ordering = ["residence__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfied_percent__gte=0, satisfied_percent__lte=PERCENT_MAX),
                name="survey_result_percent_range",
                violation_error_message=PERCENT_RANGE,
            ),
            models.UniqueConstraint(
                fields=["question", "residence"], name="one_result_per_question_residence"
            ),
            models.UniqueConstraint(
                fields=["question"],
                condition=Q(residence__isnull=True),
                name="one_overall_result_per_question",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question} — {self.residence or 'ensemble'} : {self.satisfied_percent} %"
