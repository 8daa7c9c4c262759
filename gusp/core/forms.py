"""Form mixins and widgets shared by every app."""

import re

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator, RegexValidator

from .versions import check_version

TEXT_MAX = 10_000
SINGLE_LINE = RegexValidator(
    r"[\r\n]", inverse_match=True, message="Ce champ tient sur une ligne : retirez les retours à la ligne."
)
DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
DATETIME_WIDGET = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})
TIME_WIDGET = forms.TimeInput(format="%H:%M", attrs={"type": "time"})

# A primary key as the database can hold it: a positive integer of at most 18 digits. Anything else (huge,
# negative, not a number) is an unknown choice, answered with the field's own message and never queried.
_PK = re.compile(r"^\d{1,18}$")


def _safe_choice_clean(field):
    original = field.clean

    def clean(value):
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if item in (None, "") or not isinstance(item, str | int):
                continue
            if not _PK.match(str(item).strip()):
                raise forms.ValidationError(
                    field.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return original(value)

    field.clean = clean


VERSION_FIELD = "edit_version"
# Dates a person may type anywhere on the platform (a charter, a meeting, a journal entry, a finding…).
YEARS = (1990, 2100)
INTEGER_MAX = 2**31 - 1


def _year_in_range(value) -> None:
    if value is not None and not YEARS[0] <= value.year <= YEARS[1]:
        raise forms.ValidationError(f"Choisissez une date entre {YEARS[0]} et {YEARS[1]}.", code="year_range")


def _model_range(form, name: str, field: forms.IntegerField) -> None:
    """Give a model form's integer field the range its model field validates, so that a value far out
    of range gets the model's bound in its message (« inférieure ou égale à 52 »), not the storage one."""
    meta = getattr(form, "_meta", None)
    model = getattr(meta, "model", None)
    if model is None:
        return
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a form field of its own, not the model's
        return
    for validator in model_field.validators:
        limit = getattr(validator, "limit_value", None)
        if not isinstance(limit, int):
            continue
        if isinstance(validator, MaxValueValidator) and (field.max_value is None or limit < field.max_value):
            field.max_value = limit
            field.validators.append(MaxValueValidator(limit))
            field.widget.attrs["max"] = str(limit)
        elif isinstance(validator, MinValueValidator) and (
            field.min_value is None or limit > field.min_value
        ):
            field.min_value = limit
            field.validators.append(MinValueValidator(limit))
            field.widget.attrs["min"] = str(limit)


class PlatformFormMixin:
    """What every form of the platform does:
    - free text has an upper length (`text_max`) and one-line inputs refuse line breaks (they would break
      e-mail headers and exports);
    - a choice among records accepts only a plausible primary key, so that a forged huge or negative id is
      a form error, never a database overflow;
    - a form editing a versioned record (its ModelForm instance, or `versioned=` for a plain form) carries
      the version it was opened on, checked when saving (`gusp.core.versions`)."""

    text_max = TEXT_MAX

    def __init__(self, *args, versioned=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.versioned = versioned if versioned is not None else getattr(self, "instance", None)
        if (
            self.versioned is not None
            and self.versioned.pk is not None
            and hasattr(self.versioned, "version")
        ):
            self.fields[VERSION_FIELD] = forms.IntegerField(
                widget=forms.HiddenInput,
                required=False,
                min_value=1,
                max_value=2**31 - 1,
                initial=self.versioned.version,
            )
        else:
            self.versioned = None
        for name, field in self.fields.items():
            if isinstance(field, forms.UUIDField | forms.JSONField):
                pass  # typed values, not free text: their own parsing bounds them
            elif isinstance(field, forms.CharField) and field.max_length is None:
                field.max_length = self.text_max
                field.validators.append(MaxLengthValidator(self.text_max))
                field.widget.attrs.setdefault("maxlength", str(self.text_max))
            if (
                isinstance(field, forms.CharField)
                and not isinstance(field, forms.UUIDField | forms.JSONField)
                and isinstance(field.widget, forms.TextInput)
            ):
                field.validators.append(SINGLE_LINE)
            if isinstance(field, forms.ModelChoiceField) and getattr(field, "to_field_name", None) is None:
                _safe_choice_clean(field)
            if isinstance(field, forms.DateField | forms.DateTimeField):
                field.validators.append(_year_in_range)
            if isinstance(field, forms.IntegerField) and not isinstance(field, forms.DecimalField):
                # The model gives each number its plausible range (said by the form, and by the browser);
                # INTEGER_MAX keeps any integer within what every database stores, whatever the model forgot.
                _model_range(self, name, field)
                if field.max_value is None or field.max_value > INTEGER_MAX:
                    field.max_value = INTEGER_MAX
                    field.validators.append(MaxValueValidator(INTEGER_MAX))
                if field.min_value is None or field.min_value < -INTEGER_MAX:
                    field.min_value = -INTEGER_MAX
                    field.validators.append(MinValueValidator(-INTEGER_MAX))

    @property
    def values(self) -> dict:
        """The cleaned data without the form's own plumbing (the version), to pass on to a service."""
        return {name: value for name, value in self.cleaned_data.items() if name != VERSION_FIELD}

    def check_version(self) -> None:
        """Called by `form_page` inside the saving transaction (raises `EditConflict`)."""
        if self.versioned is not None:
            check_version(self.versioned, self.cleaned_data.get(VERSION_FIELD))

    def rebase(self, current: int) -> None:
        """After a conflict: the form now stands on the current version, so that saving again (after the
        user compared) applies what they typed."""
        self.data = self.data.copy()
        self.data[self.add_prefix(VERSION_FIELD)] = str(current)
