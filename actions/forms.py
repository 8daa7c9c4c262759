from django import forms
from django.utils import timezone

from charter.models import Organisation, Orientation, Residence, SubTheme
from gusp.core.forms import DATE_WIDGET, PlatformFormMixin

from .models import Action, Indicator, Intervention, Measurement, Milestone, ProjectSheet
from .uploads import MultipleFileField


class SheetForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = ProjectSheet
        fields = [
            "number", "title", "theme", "sub_theme", "status", "all_territories", "territories", "place_note",
            "findings", "expected_results", "description", "lead", "lead_note", "partners", "partners_note",
            "schedule_note", "means", "estimated_cost", "funding_sources", "tools", "evaluation", "feasibility",
            "orientations", "charter_note", "is_published",
        ]  # fmt: skip
        widgets = {
            "territories": forms.CheckboxSelectMultiple,
            "partners": forms.CheckboxSelectMultiple,
            "orientations": forms.CheckboxSelectMultiple,
        }

    COORDINATOR_ONLY = [
        "number",
        "theme",
        "sub_theme",
        "lead",
        "orientations",
        "charter_note",
        "is_published",
    ]

    def __init__(self, *args, charter, coordinator: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.charter = charter
        self.instance.charter = charter
        if not coordinator:
            # A lead referent writes the sheet's content; its number, theme, lead and publication stay
            # with the coordinator (a forged value is ignored: disabled fields keep the initial value).
            for name in self.COORDINATOR_ONLY:
                self.fields[name].disabled = True
        self.fields["theme"].queryset = charter.themes.all()
        self.fields["sub_theme"].queryset = SubTheme.objects.filter(theme__charter=charter)
        self.fields["territories"].queryset = charter.territories.all()
        partners = Organisation.objects.in_charter(charter)
        self.fields["lead"].queryset = partners
        self.fields["partners"].queryset = partners
        self.fields["orientations"].queryset = (
            Orientation.objects.filter(theme__charter=charter)
            .select_related("theme")
            .order_by("theme__code", "order")
        )
        self.fields["orientations"].label_from_instance = lambda o: f"{o.reference} — {o.text}"
        for name in ["territories", "theme", "sub_theme", "lead", "partners", "orientations"]:
            self.fields[name].error_messages["invalid_choice"] = "Ce choix n'appartient pas à cette charte."
            self.fields[name].error_messages["invalid_pk_value"] = "Ce choix n'appartient pas à cette charte."

    def clean_number(self):
        number = self.cleaned_data["number"]
        if self.charter.project_sheets.filter(number=number).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Une fiche porte déjà ce numéro dans cette charte.")
        return number


class MilestoneForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["due_on", "label", "done"]
        widgets = {"due_on": DATE_WIDGET}

    def __init__(self, *args, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.sheet = sheet


class ActionForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "title", "description", "lead", "partners", "territory", "residences", "starts_on", "due_on", "status",
            "progress", "indicators",
        ]  # fmt: skip
        widgets = {
            "starts_on": DATE_WIDGET,
            "due_on": DATE_WIDGET,
            "partners": forms.CheckboxSelectMultiple,
            "residences": forms.CheckboxSelectMultiple,
            "indicators": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, sheet, lead_locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        charter = sheet.charter
        self.instance.sheet = sheet
        partners = Organisation.objects.in_charter(charter)
        self.fields["lead"].queryset = partners
        self.fields["partners"].queryset = partners
        self.fields["territory"].queryset = charter.territories.all()
        self.fields["residences"].queryset = Residence.objects.in_charter(charter).select_related(
            "landlord", "territory"
        )
        self.fields["indicators"].queryset = charter.indicators.all()
        for name in ["lead", "partners", "territory", "residences", "indicators"]:
            self.fields[name].error_messages["invalid_choice"] = "Ce choix n'appartient pas à cette charte."
            self.fields[name].error_messages["invalid_pk_value"] = "Ce choix n'appartient pas à cette charte."
        if lead_locked:
            # A lead referent manages the action but cannot hand it to another organisation.
            self.fields["lead"].disabled = True


class InterventionForm(PlatformFormMixin, forms.ModelForm):
    files = MultipleFileField(
        label="Photos ou documents", help_text="10 Mo au plus par fichier, 10 fichiers au plus."
    )

    class Meta:
        model = Intervention
        fields = ["done_on", "residence", "text", "hours", "cost"]
        widgets = {"done_on": DATE_WIDGET, "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, residences, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["residence"].queryset = residences
        self.fields["residence"].error_messages["invalid_choice"] = (
            "Vous ne pouvez consigner une intervention que sur une résidence de votre organisation concernée "
            "par cette action."
        )
        self.fields["done_on"].initial = timezone.localdate()

    def clean_done_on(self):
        done_on = self.cleaned_data["done_on"]
        if done_on > timezone.localdate():
            raise forms.ValidationError("La date d'une intervention ne peut pas être dans le futur.")
        return done_on


class IndicatorForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "direction", "target", "description"]

    def __init__(self, *args, charter, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.charter = charter


class MeasurementForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = Measurement
        fields = ["measured_on", "territory", "value"]
        widgets = {"measured_on": DATE_WIDGET}

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.indicator = indicator
        self.fields["territory"].queryset = indicator.charter.territories.all()
        self.fields["territory"].error_messages["invalid_choice"] = (
            "Ce quartier n'appartient pas à cette charte."
        )

    def clean(self):
        data = super().clean()
        duplicate = Measurement.objects.filter(
            indicator=self.instance.indicator,
            territory=data.get("territory"),
            measured_on=data.get("measured_on"),
        ).exclude(pk=self.instance.pk)  # an edited measurement is not its own duplicate
        if data.get("measured_on") and duplicate.exists():
            self.add_error("measured_on", "Une mesure existe déjà à cette date pour ce quartier.")
        return data
