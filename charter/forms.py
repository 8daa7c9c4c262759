from django import forms

from gusp.core.forms import DATE_WIDGET, PlatformFormMixin

from .choices import PERCENT_FIGURES
from .models import (
    Amendment,
    Charter,
    CharterReference,
    Correspondent,
    Organisation,
    Orientation,
    Residence,
    Signature,
    Territory,
    TerritoryFigure,
    Theme,
)


class CharterForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = Charter
        fields = ["title", "commune", "starts_on", "ends_on", "extension_rule", "summary", "is_published"]
        widgets = {"starts_on": DATE_WIDGET, "ends_on": DATE_WIDGET}

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on <= starts_on:
            self.add_error("ends_on", "La date de fin doit être postérieure à la date de début.")
        return data


class AmendmentForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = Amendment
        fields = ["number", "title", "signed_on", "starts_on", "extends_to", "description"]
        widgets = {"signed_on": DATE_WIDGET, "starts_on": DATE_WIDGET, "extends_to": DATE_WIDGET}

    def __init__(self, *args, charter: Charter, **kwargs):
        self.charter = charter
        super().__init__(*args, **kwargs)
        self.instance.charter = charter

    def clean(self):
        data = super().clean()
        starts_on, extends_to = data.get("starts_on"), data.get("extends_to")
        if starts_on and starts_on < self.charter.starts_on:
            self.add_error("starts_on", "Un avenant ne peut pas prendre effet avant le début de la charte.")
        if starts_on and extends_to and extends_to <= starts_on:
            self.add_error(
                "extends_to", "La date de fin de prolongation doit être postérieure à la prise d'effet."
            )
        if extends_to and extends_to <= self.charter.ends_on:
            self.add_error(
                "extends_to",
                "Une prolongation doit mener au-delà de la fin actuelle de la charte "
                f"({self.charter.ends_on:%d/%m/%Y}).",
            )
        number = data.get("number")
        if number and self.charter.amendments.filter(number=number).exclude(pk=self.instance.pk).exists():
            self.add_error("number", "Un avenant porte déjà ce numéro dans cette charte.")
        return data


class ReferenceForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = CharterReference
        fields = ["title", "details", "order"]

    def __init__(self, *args, charter: Charter, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.charter = charter


class SignatureForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = Signature
        fields = ["organisation", "representative", "representative_title", "signed_on", "order"]
        widgets = {"signed_on": DATE_WIDGET}

    def __init__(self, *args, charter: Charter, **kwargs):
        self.charter = charter
        super().__init__(*args, **kwargs)
        self.instance.charter = charter

    def clean_organisation(self):
        organisation = self.cleaned_data["organisation"]
        taken = self.charter.signatures.filter(organisation=organisation).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("Cette organisation a déjà signé la charte.")
        return organisation


class TerritoryForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = Territory
        fields = ["name", "phase", "description", "perimeter", "is_published"]


class FigureForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = TerritoryFigure
        fields = ["kind", "value", "year", "source"]

    def __init__(self, *args, territory: Territory, **kwargs):
        self.territory = territory
        super().__init__(*args, **kwargs)
        self.instance.territory = territory

    def clean(self):
        data = super().clean()
        kind, year, value = data.get("kind"), data.get("year"), data.get("value")
        if (
            kind
            and year
            and self.territory.figures.filter(kind=kind, year=year).exclude(pk=self.instance.pk).exists()
        ):
            self.add_error("year", "Cette donnée est déjà renseignée pour cette année.")
        if kind in PERCENT_FIGURES and value is not None and value > 100:
            self.add_error("value", "Un pourcentage ne peut pas dépasser 100.")
        return data


class ResidenceForm(PlatformFormMixin, forms.ModelForm):
    """The coordinator's form: every field, the territory chosen among the charter's own."""

    class Meta:
        model = Residence
        fields = ["name", "territory", "landlord", "dwellings", "address", "notes"]

    def __init__(self, *args, charter: Charter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = charter.territories.all()
        self.fields["territory"].error_messages["invalid_choice"] = (
            "Ce quartier n'existe pas dans cette charte : choisissez un quartier de la charte."
        )
        self.fields["landlord"].queryset = Organisation.objects.landlords()
        self.fields["landlord"].error_messages["invalid_choice"] = (
            "Choisissez un bailleur social de la liste."
        )


class LandlordResidenceForm(PlatformFormMixin, forms.ModelForm):
    """A landlord referent's form: the residence's own facts, not its quarter or landlord."""

    class Meta:
        model = Residence
        fields = ["name", "dwellings", "address", "notes"]


class CorrespondentForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = Correspondent
        fields = ["organisation", "full_name", "position", "email", "phone", "is_director"]

    def __init__(self, *args, charter: Charter, organisation: Organisation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.charter = charter
        if organisation is not None:
            # A referent manages their own organisation's correspondents only.
            self.fields["organisation"].queryset = Organisation.objects.filter(pk=organisation.pk)
            self.fields["organisation"].initial = organisation
        else:
            self.fields["organisation"].queryset = Organisation.objects.in_charter(charter)


class ThemeForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["code", "title", "description"]

    def clean_code(self):
        code = self.cleaned_data["code"]
        if (
            Theme.objects.filter(charter=self.instance.charter_id, code=code)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise forms.ValidationError("Un autre thème de cette charte porte déjà cette lettre.")
        return code


class OrientationForm(PlatformFormMixin, forms.ModelForm):
    class Meta:
        model = Orientation
        fields = ["sub_theme", "text", "order"]

    def __init__(self, *args, theme: Theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.theme = theme
        self.fields["sub_theme"].queryset = theme.sub_themes.all()
        self.fields["sub_theme"].required = False
