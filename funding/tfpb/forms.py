from django import forms
from django.apps import apps
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.timezone import localtime

from charter.models import Organisation, Residence
from gusp.core.forms import DATE_WIDGET, PlatformFormMixin

from ..choices import AMOUNT_MAX, CENT
from ..formats import euros
from ..forms import AmountField
from ..periods import charter_years, period_label
from .choices import DWELLINGS_MAX, STEERING_KIND, UNKNOWN_AXIS, Axis
from .models import ConventionQuarter, TfpbAction, TfpbConvention, TfpbReport

DWELLINGS_RANGE = f"Le nombre de logements concernés est compris entre 1 et {DWELLINGS_MAX:,}.".replace(
    ",", " "
)


class RealisedAmountField(AmountField):
    """An amount spent: zero allowed (nothing was spent), never negative."""

    def validate(self, value):
        forms.DecimalField.validate(self, value)
        if value in self.empty_values:
            return
        if value < 0:
            raise forms.ValidationError(
                "Le montant réalisé ne peut être négatif : 0 € au moins.", code="min_value"
            )
        if value > AMOUNT_MAX:
            raise forms.ValidationError(
                "Le montant ne peut dépasser 100 milliards d'euros : vérifiez la saisie.", code="max_value"
            )
        if value.as_tuple().exponent < -2 and value != value.quantize(CENT):
            raise forms.ValidationError(
                "Un montant en euros a au plus deux décimales (les centimes).", code="max_decimal_places"
            )


def _years_field(charter, label: str) -> forms.TypedChoiceField:
    years = charter_years(charter)
    return forms.TypedChoiceField(
        label=label,
        choices=[(y, str(y)) for y in years],
        coerce=int,
        error_messages={
            "invalid_choice": f"L'année doit être comprise dans la période de la charte ({period_label(years)}, avenants compris)."
        },
    )


class ConventionForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = TfpbConvention
        fields = ["landlord", "title", "reference", "start_year", "end_year", "signed_on", "note"]
        widgets = {"signed_on": DATE_WIDGET, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, charter, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.charter = charter
        self.fields["landlord"].queryset = (
            Organisation.objects.in_charter(charter).landlords().order_by("name")
        )
        self.fields["landlord"].error_messages["invalid_choice"] = (
            "Choisissez l'un des bailleurs sociaux partenaires de la charte."
        )
        self.fields["start_year"] = _years_field(charter, "Première année")
        self.fields["end_year"] = _years_field(charter, "Dernière année")
        if self.instance.pk:
            self.fields["landlord"].disabled = True


class QuarterForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = ConventionQuarter
        fields = ["territory", "dwellings", "yearly_abatement", "abatement_per_dwelling"]
        field_classes = {"yearly_abatement": AmountField, "abatement_per_dwelling": AmountField}

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.convention = convention
        self.fields["territory"].queryset = convention.charter.territories.order_by("name")
        self.fields["territory"].error_messages["invalid_choice"] = (
            "Ce quartier n'appartient pas à la charte."
        )
        dwellings = self.fields["dwellings"]
        self.fields["dwellings"] = forms.IntegerField(
            label=dwellings.label,
            help_text=dwellings.help_text,
            min_value=1,
            max_value=DWELLINGS_MAX,
            error_messages={
                "min_value": DWELLINGS_RANGE,
                "max_value": DWELLINGS_RANGE,
                "invalid": "Saisissez un nombre entier de logements.",
            },
        )
        self.order_fields(["territory", "dwellings"])
        self.fields["yearly_abatement"].required = False
        self.fields["abatement_per_dwelling"].required = False
        held = Residence.objects.in_charter(convention.charter).of_landlord(convention.landlord)
        counts = ", ".join(
            f"{r.name} ({r.territory.name}) : {r.dwellings} logements"
            for r in held.select_related("territory")
        )
        if counts:
            self.fields["dwellings"].help_text += f" Résidences enregistrées du bailleur : {counts}."

    def clean(self):
        data = super().clean()
        missing = data.get("yearly_abatement") is None and data.get("abatement_per_dwelling") is None
        if missing and "yearly_abatement" not in self.errors and "abatement_per_dwelling" not in self.errors:
            self.add_error(
                "yearly_abatement",
                "Indiquez l'abattement annuel, ou le montant par logement dont il se calcule.",
            )
        return data


def _findings(convention, territory=None):
    """Findings a programme's action may answer: those of the convention's quarters about the landlord
    (routed to it, or made in one of its residences). Through the registry: funding does not import
    diagnostics."""
    findings = apps.get_model("diagnostics", "Finding").objects.filter(charter=convention.charter_id)
    if territory is not None:
        findings = findings.filter(territory=territory)
    else:
        findings = findings.filter(territory__in=convention.quarters.values("territory"))
    return (
        findings.filter(Q(assigned_to=convention.landlord_id) | Q(residence__landlord=convention.landlord_id))
        .exclude(state="moderation")
        .select_related("category", "territory")
        .order_by("-observed_at", "-pk")
    )


class ActionForm(PlatformFormMixin, forms.ModelForm):
    quarter = forms.ModelChoiceField(
        label="Quartier",
        queryset=ConventionQuarter.objects.none(),
        error_messages={"invalid_choice": "Choisissez l'un des quartiers de la convention."},
    )

    class Meta:
        model = TfpbAction
        fields = [
            "axis", "title", "description", "planned_amount", "realised_amount", "done_account",
            "sheet", "action", "findings", "order",
        ]  # fmt: skip
        field_classes = {"planned_amount": AmountField, "realised_amount": RealisedAmountField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "done_account": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        charter = convention.charter
        if self.instance.pk:
            del self.fields["quarter"]
            territory = self.instance.report.quarter.territory
        else:
            self.fields["quarter"].queryset = convention.quarters.select_related("territory").order_by(
                "territory__name"
            )
            self.fields["quarter"].label_from_instance = lambda q: str(q.territory)
            self.order_fields(["quarter"])
            territory = None
        self.fields["axis"] = forms.TypedChoiceField(
            label="Axe du cadre national",
            choices=[("", "---------"), *Axis.choices],
            coerce=int,
            error_messages={"invalid_choice": UNKNOWN_AXIS, "required": "Choisissez l'axe de l'action."},
            initial=self.instance.axis if self.instance.pk else None,
        )
        self.order_fields(["quarter", "axis"])
        self.fields["realised_amount"].required = False
        self.fields["sheet"].queryset = charter.project_sheets.order_by("number")
        self.fields["sheet"].error_messages["invalid_choice"] = "Cette fiche n'appartient pas à la charte."
        self.fields["action"].queryset = (
            apps.get_model("actions", "Action")
            .objects.filter(sheet__charter=charter)
            .select_related("sheet")
            .order_by("sheet__number", "title")
        )
        self.fields["action"].label_from_instance = lambda a: f"Fiche n°{a.sheet.number} — {a.title}"
        self.fields["action"].error_messages["invalid_choice"] = (
            "Cette action n'appartient pas au plan d'actions de la charte."
        )
        self.fields["findings"].queryset = _findings(convention, territory)
        self.fields["findings"].label_from_instance = lambda f: (
            f"n°{f.pk} — {f.category} — {f.territory} — {date_format(localtime(f.observed_at), 'd/m/Y')}"
        )
        self.fields["findings"].error_messages["invalid_choice"] = (
            "Choisissez des constats du quartier, routés au bailleur ou faits dans ses résidences."
        )
        self.fields["findings"].required = False


class ReportForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = TfpbReport
        fields = ["abatement", "account"]
        field_classes = {"abatement": AmountField}
        widgets = {"account": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["abatement"].required = False
        amount = self.instance.quarter.yearly_amount
        if amount is not None:
            self.fields[
                "abatement"
            ].help_text = f"Laissez vide pour retenir le montant de la convention : {euros(amount)}."


class ValidationForm(PlatformFormMixin, forms.Form):
    """The steering committee's decision that validates a report, and whether it publishes it."""

    decision = forms.ModelChoiceField(
        label="Décision du comité de pilotage",
        queryset=None,
        error_messages={
            "invalid_choice": "Choisissez une décision du comité de pilotage de cette charte.",
            "required": "Choisissez la décision du comité de pilotage qui valide ce bilan.",
        },
        help_text="Enregistrez d'abord la décision sur la page de la réunion du comité de pilotage.",
    )
    publish = forms.BooleanField(
        label="Le comité de pilotage publie ce bilan (le public pourra le lire)", required=False
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, versioned=report, **kwargs)
        charter_id = report.quarter.convention.charter_id
        self.fields["decision"].queryset = (
            apps.get_model("governance", "Decision")
            .objects.filter(meeting__committee__charter=charter_id, meeting__committee__kind=STEERING_KIND)
            .select_related("meeting__committee")
            .order_by("-meeting__starts_at", "order", "pk")
        )
        self.fields["decision"].label_from_instance = lambda d: (
            f"{date_format(localtime(d.meeting.starts_at), 'd/m/Y')} — {d.text[:100]}"
        )


class CommentForm(PlatformFormMixin, forms.Form):
    text = forms.CharField(
        label="Votre commentaire", widget=forms.Textarea(attrs={"rows": 3}), max_length=3000
    )
