"""Writes of the satisfaction surveys: keyword-only, atomic, validating (a broken rule raises a
ValidationError with a French message and writes nothing), recorded in the history."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from charter.models import Residence
from charter.perms import can_coordinate

from .choices import PERCENT_MAX
from .models import PERCENT_RANGE, SatisfactionSurvey, SurveyQuestion, SurveyResult
from .perms import can_record

NOT_YOURS = "Vous ne pouvez saisir que les enquêtes de votre organisation."


def _check_author(survey: SatisfactionSurvey, author) -> None:
    if survey.pk is None:
        if not can_record(author, survey.charter):
            raise ValidationError(NOT_YOURS)
        if not can_coordinate(author, survey.charter_id) and survey.landlord_id != author.organisation_id:
            raise ValidationError({"landlord": NOT_YOURS})
        return
    current = (
        SatisfactionSurvey.objects.editable_by(author).filter(pk=survey.pk).values("landlord_id").first()
    )
    if current is None:
        raise ValidationError(NOT_YOURS)
    if current["landlord_id"] != survey.landlord_id:
        raise ValidationError({"landlord": "Le bailleur d'une enquête enregistrée ne change plus."})


@transaction.atomic
def save_survey(*, survey: SatisfactionSurvey, residences, author) -> SatisfactionSurvey:
    """Create or update a survey and the residences it covers (the landlord's, in the charter)."""
    _check_author(survey, author)
    residences = list(residences)
    if not residences:
        raise ValidationError({"residences": "Choisissez au moins une résidence enquêtée."})
    for residence in residences:
        if residence.landlord_id != survey.landlord_id or residence.territory.charter_id != survey.charter_id:
            raise ValidationError(
                {
                    "residences": f"La résidence {residence} n'est pas du bailleur de l'enquête dans cette charte."
                }
            )
    if survey.pk is None:
        survey.created_by = author if getattr(author, "pk", None) else None
    else:
        kept = {r.pk for r in residences}
        orphans = (
            SurveyResult.objects.filter(question__survey=survey, residence__isnull=False)
            .exclude(residence__in=kept)
            .select_related("residence")
        )
        names = sorted({str(result.residence.name) for result in orphans})
        if names:
            raise ValidationError(
                {
                    "residences": "Des résultats sont saisis pour "
                    + ", ".join(names)
                    + " : retirez-les d'abord."
                }
            )
    survey.full_clean()
    survey.save()
    if set(survey.residences.values_list("pk", flat=True)) != {r.pk for r in residences}:
        survey.residences.set(residences)
    return survey


@transaction.atomic
def save_question(*, question: SurveyQuestion, values: dict, author) -> SurveyQuestion:
    """Create or update a question and its results: `values` maps a residence of the survey (or None, all
    the residences surveyed) to its share of satisfied tenants in percent (None: no result)."""
    survey = question.survey
    if not SatisfactionSurvey.objects.editable_by(author).filter(pk=survey.pk).exists():
        raise ValidationError(NOT_YOURS)
    if question.pk is not None and not SurveyQuestion.objects.filter(pk=question.pk, survey=survey).exists():
        raise ValidationError(NOT_YOURS)
    surveyed = set(survey.residences.values_list("pk", flat=True))
    wanted = {}
    for residence, percent in values.items():
        if residence is not None and residence.pk not in surveyed:
            raise ValidationError(f"La résidence {residence} n'est pas enquêtée par cette enquête.")
        if percent is None:
            continue
        percent = Decimal(percent)
        if not Decimal(0) <= percent <= PERCENT_MAX:
            raise ValidationError(PERCENT_RANGE)
        wanted[residence.pk if residence is not None else None] = percent
    if not wanted:
        raise ValidationError("Saisissez la part de satisfaits d'au moins une résidence (ou de l'ensemble).")
    question.full_clean()
    question.save()
    existing = {result.residence_id: result for result in question.results.all()}
    for residence_id, result in existing.items():
        if residence_id not in wanted:
            result.delete()
    for residence_id, percent in wanted.items():
        result = existing.get(residence_id) or SurveyResult(question=question, residence_id=residence_id)
        if result.pk is None or result.satisfied_percent != percent:
            result.satisfied_percent = percent
            result.full_clean(validate_unique=False)
            result.save()
    return question


@transaction.atomic
def delete_question(*, question: SurveyQuestion, author) -> None:
    if not SurveyQuestion.objects.editable_by(author).filter(pk=question.pk).exists():
        raise ValidationError(NOT_YOURS)
    question.delete()


def surveyed_residences(survey: SatisfactionSurvey) -> list[Residence]:
    return list(survey.residences.select_related("territory").order_by("territory__name", "name"))
