from django import forms
from django.apps import apps
from django.utils.formats import date_format
from django.utils.timezone import localtime

from charter.models import Organisation
from gusp.core.forms import DATE_WIDGET, PlatformFormMixin

from .choices import AMOUNT_DIGITS, AMOUNT_MAX, AMOUNT_MIN, CENT, MISSION_LABEL, YEAR_MAX, YEAR_MIN
from .formats import euros
from .models import Financer, FundingCommitment, MissionBudget, Payment
from .periods import charter_years, default_year, period_label


class AmountField(forms.DecimalField):
    """An amount in euros, typed the French way (« 1 234,56 ») or with a dot, with one clear message per
    mistake: not a number, not positive, more than two decimals, above 100 billion euros."""

    default_error_messages = {"invalid": "Saisissez un montant en euros, par exemple 1 234,56."}

    def __init__(self, **kwargs):
        kwargs.update(max_digits=AMOUNT_DIGITS, decimal_places=2, localize=True)
        kwargs.pop("min_value", None)
        kwargs.pop("max_value", None)
        super().__init__(**kwargs)
        self.validators = []  # replaced by `validate`, which says which rule is broken, once
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def validate(self, value):
        super().validate(value)  # required; infinity and NaN are "invalid"
        if value in self.empty_values:
            return
        if value < AMOUNT_MIN:
            raise forms.ValidationError("Le montant doit être positif : 0,01 € au moins.", code="min_value")
        if value > AMOUNT_MAX:
            raise forms.ValidationError(
                "Le montant ne peut dépasser 100 milliards d'euros : vérifiez la saisie.", code="max_value"
            )
        if value.as_tuple().exponent < -2 and value != value.quantize(CENT):
            raise forms.ValidationError(
                "Un montant en euros a au plus deux décimales (les centimes).", code="max_decimal_places"
            )


def year_field(charter, *, initial=None) -> forms.TypedChoiceField:
    """A year of the charter's period, amendments included, within 1990–2100."""
    years = [y for y in charter_years(charter) if YEAR_MIN <= y <= YEAR_MAX]
    message = (
        f"L'année doit être comprise dans la période de la charte ({period_label(charter_years(charter))}, "
        "avenants compris)."
    )
    return forms.TypedChoiceField(
        label="Année",
        choices=[(y, str(y)) for y in years],
        coerce=int,
        initial=initial,
        error_messages={"invalid_choice": message},
    )


class CommitmentForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = FundingCommitment
        fields = [
            "financer", "sheet", "year", "amount", "state", "decision", "decision_reference", "committed_on", "note",
        ]  # fmt: skip
        field_classes = {"amount": AmountField}
        widgets = {"committed_on": DATE_WIDGET, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, charter, user, sheet=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.charter = charter
        if self.instance.pk is None and sheet is not None:
            self.initial.setdefault("sheet", sheet.pk)
        financers = Financer.objects.committable_by(user).filter(charter=charter)
        self.fields["financer"].queryset = financers
        self.fields["financer"].error_messages["invalid_choice"] = (
            "Financeur inconnu : choisissez l'un des financeurs de la charte pour lesquels vous saisissez "
            "des engagements."
        )
        if financers.count() == 1 and self.instance.pk is None:
            self.initial.setdefault("financer", financers.get().pk)
        self.fields["sheet"].queryset = charter.project_sheets.order_by("number")
        self.fields["sheet"].empty_label = MISSION_LABEL
        self.fields["sheet"].error_messages["invalid_choice"] = "Cette fiche n'appartient pas à cette charte."
        self.fields["year"] = year_field(
            charter, initial=self.instance.year or default_year(charter_years(charter))
        )
        decisions = (
            apps.get_model("governance", "Decision")
            .objects.filter(meeting__committee__charter=charter)
            .select_related("meeting__committee")
            .order_by("-meeting__starts_at", "order", "pk")
        )
        self.fields["decision"].queryset = decisions
        self.fields["decision"].label_from_instance = lambda d: (
            f"{date_format(localtime(d.meeting.starts_at), 'd/m/Y')} — {d.meeting.committee.name} — {d.text[:90]}"
        )
        self.fields["decision"].error_messages["invalid_choice"] = (
            "Cette décision n'a pas été prise par une instance de cette charte."
        )


class PaymentForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = Payment
        fields = ["paid_on", "amount", "reference"]
        field_classes = {"amount": AmountField}
        widgets = {"paid_on": DATE_WIDGET}

    def __init__(self, *args, commitment, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.commitment = commitment
        self.fields["amount"].help_text = f"Reste à verser : {euros(commitment.unpaid)}."


class MissionBudgetForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = MissionBudget
        fields = ["year", "total_cost", "note"]
        field_classes = {"total_cost": AmountField}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, charter, year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.charter = charter
        self.fields["year"] = year_field(charter, initial=self.instance.year or year)
        if self.instance.pk:
            self.fields["year"].disabled = True


class FinancerForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = Financer
        fields = ["name", "kind", "organisation", "order", "description"]

    def __init__(self, *args, charter, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.charter = charter
        self.fields["organisation"].queryset = Organisation.objects.in_charter(charter).order_by("name")
        self.fields["organisation"].error_messages["invalid_choice"] = (
            "Cette organisation n'est pas partenaire de la charte."
        )
