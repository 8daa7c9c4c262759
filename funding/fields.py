"""Model fields and checks shared by funding's models (`funding.models`, `funding.tfpb.models`): amounts in
euros within the plausible range, years, and the years of a charter's period. Kept apart from the models so
that the TFPB programmes' models use them without importing `funding.models` back."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .choices import AMOUNT_DIGITS, AMOUNT_MAX, AMOUNT_MIN, YEAR_MAX, YEAR_MIN
from .periods import charter_years, period_label

AMOUNT_VALIDATORS = [MinValueValidator(AMOUNT_MIN), MaxValueValidator(AMOUNT_MAX)]
YEAR_VALIDATORS = [MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)]


def amount_field(label: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        label, max_digits=AMOUNT_DIGITS, decimal_places=2, validators=AMOUNT_VALIDATORS, **kwargs
    )


def cache_field(label: str) -> models.DecimalField:
    """A sum kept on the record on purpose, written only by the services (see their docstrings). Editable in
    the model's sense so that the history shows its changes (and edit conflicts name them); no form has it."""
    return models.DecimalField(label, max_digits=AMOUNT_DIGITS, decimal_places=2, default=0)


def year_field(label: str = "année") -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(label, validators=YEAR_VALIDATORS)


def check_year_in_period(charter, year: int | None, field: str = "year") -> None:
    """A year of the charter's period, amendments included (`Charter.current_end`)."""
    if year is None:
        return
    years = charter_years(charter)
    if year not in years:
        raise ValidationError(
            {
                field: f"L'année doit être comprise dans la période de la charte ({period_label(years)}, avenants compris)."
            }
        )
