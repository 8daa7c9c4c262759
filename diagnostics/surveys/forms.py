from decimal import Decimal, InvalidOperation

from django import forms

from charter.models import Organisation, Residence
from charter.perms import can_coordinate
from gusp.core.forms import DATE_WIDGET, PlatformFormMixin

from .choices import PERCENT_MAX, SurveyTheme
from .models import SatisfactionSurvey, SurveyQuestion

ALL_FIELD = "ensemble"


class SurveyForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = SatisfactionSurvey
        fields = [
            "landlord", "title", "conducted_on", "method", "sample_size", "respondents", "residences",
            "provider", "note",
        ]  # fmt: skip
        widgets = {
            "conducted_on": DATE_WIDGET,
            "note": forms.Textarea(attrs={"rows": 3}),
            "residences": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, charter, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.charter = charter
        landlords = Organisation.objects.in_charter(charter).landlords().order_by("name")
        if not can_coordinate(user, charter):
            landlords = landlords.filter(pk=user.organisation_id)
        self.fields["landlord"].queryset = landlords
        self.fields["landlord"].error_messages["invalid_choice"] = (
            "Choisissez votre organisation : vous ne saisissez que les enquêtes de votre bailleur."
        )
        if landlords.count() == 1 and self.instance.pk is None:
            self.initial.setdefault("landlord", landlords.get().pk)
        if self.instance.pk:
            self.fields["landlord"].disabled = True
        residences = (
            Residence.objects.in_charter(charter)
            .filter(landlord__in=landlords)
            .select_related("landlord", "territory")
        )
        self.fields["residences"].queryset = residences.order_by("landlord__name", "territory__name", "name")
        self.fields["residences"].label_from_instance = lambda r: (
            f"{r.landlord} — {r.name} ({r.territory.name})"
        )
        self.fields["residences"].error_messages["invalid_choice"] = (
            "Choisissez des résidences du bailleur de l'enquête dans cette charte."
        )
        self.fields["method"].error_messages["invalid_choice"] = (
            "Méthode inconnue : échantillon représentatif, ou panel et sondage annuel."
        )

    def clean(self):
        # « No more respondents than the sample » is the model's rule (`SatisfactionSurvey.clean`), said once.
        data = super().clean()
        landlord = data.get("landlord")
        for residence in data.get("residences") or []:
            if landlord is not None and residence.landlord_id != landlord.pk:
                self.add_error(
                    "residences", f"La résidence {residence.name} n'est pas du bailleur de l'enquête."
                )
                break
        return data


class PercentField(forms.DecimalField):
    """A share of satisfied tenants, typed « 72,5 » or « 72.5 »: between 0 and 100, one decimal at most."""

    default_error_messages = {"invalid": "Saisissez un pourcentage, par exemple 72,5."}

    def __init__(self, **kwargs):
        kwargs.update(max_digits=4, decimal_places=1, localize=True, required=False)
        super().__init__(**kwargs)
        self.validators = []
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix("%").strip()
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        if value < 0 or value > PERCENT_MAX:
            shown = str(value).replace(".", ",")
            raise forms.ValidationError(
                f"Un pourcentage est compris entre 0 et 100 : {shown} % n'est pas possible.", code="range"
            )
        try:
            if value != value.quantize(Decimal("0.1")):
                raise forms.ValidationError("Un pourcentage a au plus une décimale.", code="decimals")
        except InvalidOperation as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error


class QuestionForm(PlatformFormMixin, forms.ModelForm):
    """A question and its share of satisfied tenants in each residence of the survey (and over all)."""

    class Meta:
        model = SurveyQuestion
        fields = ["theme", "text", "order"]

    def __init__(self, *args, survey, residences, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.survey = survey
        self.fields["theme"].error_messages["invalid_choice"] = (
            "Thème inconnu : choisissez l'un des thèmes proposés."
        )
        self.fields["theme"].choices = [("", "---------"), *SurveyTheme.choices]
        self.residences = residences
        existing = {}
        if self.instance.pk:
            existing = {r.residence_id: r.satisfied_percent for r in self.instance.results.all()}
        self.fields[ALL_FIELD] = PercentField(
            label="Ensemble des résidences enquêtées (% de satisfaits)", initial=existing.get(None)
        )
        for residence in residences:
            self.fields[f"r{residence.pk}"] = PercentField(
                label=f"{residence.name} ({residence.territory.name}) — % de satisfaits",
                initial=existing.get(residence.pk),
            )

    def clean(self):
        data = super().clean()
        if not self.errors and all(value is None for value in self.result_values().values()):
            raise forms.ValidationError(
                "Saisissez la part de satisfaits d'au moins une résidence (ou de l'ensemble)."
            )
        return data

    def result_values(self) -> dict:
        """{residence or None (all): percent or None}."""
        values = {None: self.cleaned_data.get(ALL_FIELD)}
        for residence in self.residences:
            values[residence] = self.cleaned_data.get(f"r{residence.pk}")
        return values
