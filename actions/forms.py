from django import forms
from django.utils import timezone

from charter.forms import DATE_WIDGET, BoundedTextMixin
from charter.models import Organisation, Residence, SubTheme

from .models import Action, ActionStatus, Indicator, Intervention, Measurement, Milestone, ProjectSheet
from .uploads import MultipleFileField


class SheetForm(BoundedTextMixin, forms.ModelForm):
    class Meta:
        model = ProjectSheet
        fields = [
            "number", "title", "theme", "sub_theme", "status", "all_territories", "territories", "place_note",
            "findings", "expected_results", "description", "lead", "lead_note", "partners", "partners_note",
            "schedule_note", "means", "estimated_cost", "funding_sources", "tools", "evaluation", "feasibility",
            "is_published",
        ]  # fmt: skip
        widgets = {"territories": forms.CheckboxSelectMultiple, "partners": forms.CheckboxSelectMultiple}

    COORDINATOR_ONLY = ["number", "theme", "sub_theme", "lead", "is_published"]

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
        for name in ["territories", "theme", "sub_theme", "lead", "partners"]:
            self.fields[name].error_messages["invalid_choice"] = "Ce choix n'appartient pas à cette charte."
            self.fields[name].error_messages["invalid_pk_value"] = "Ce choix n'appartient pas à cette charte."

    def clean(self):
        data = super().clean()
        theme, sub_theme = data.get("theme"), data.get("sub_theme")
        if theme and sub_theme and sub_theme.theme_id != theme.pk:
            self.add_error("sub_theme", "Ce sous-thème ne relève pas du thème choisi.")
        number = data.get("number")
        if number and self.charter.project_sheets.filter(number=number).exclude(pk=self.instance.pk).exists():
            self.add_error("number", "Une fiche porte déjà ce numéro dans cette charte.")
        if data.get("all_territories") and data.get("territories"):
            self.add_error(
                "territories", "Choisissez « tous les quartiers » ou des quartiers nommés, pas les deux."
            )
        return data


class MilestoneForm(BoundedTextMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["due_on", "label", "done"]
        widgets = {"due_on": DATE_WIDGET}


class ActionForm(BoundedTextMixin, forms.ModelForm):
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

    def clean(self):
        data = super().clean()
        starts_on, due_on = data.get("starts_on"), data.get("due_on")
        if starts_on and due_on and due_on < starts_on:
            self.add_error("due_on", "L'échéance doit être postérieure ou égale à la date de début.")
        if data.get("status") == ActionStatus.FINISHED and data.get("progress") not in (None, 100):
            self.add_error("progress", "Une action terminée est avancée à 100 %.")
        territory, residences = data.get("territory"), data.get("residences")
        if territory and residences:
            outside = [r.name for r in residences if r.territory_id != territory.pk]
            if outside:
                self.add_error(
                    "residences",
                    f"Ces résidences ne sont pas dans le quartier choisi : {', '.join(outside)}.",
                )
        return data


class InterventionForm(BoundedTextMixin, forms.ModelForm):
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


class IndicatorForm(BoundedTextMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "direction", "target", "description"]


class MeasurementForm(forms.ModelForm):
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
        )
        if data.get("measured_on") and duplicate.exists():
            self.add_error("measured_on", "Une mesure existe déjà à cette date pour ce quartier.")
        return data
