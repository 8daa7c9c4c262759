from django import forms

from charter.models import Territory, Theme
from gusp.core.forms import DATE_WIDGET, PlatformFormMixin

INVALID = "Ce choix n'appartient pas à cette charte."


class SynthesisRequestForm(PlatformFormMixin, forms.Form):
    """Ask for a synthesis of `charter`: a theme, a territory, both or neither, over a period (the
    charter's by default). The service checks the same rules (`services.check_scope`)."""

    theme = forms.ModelChoiceField(
        label="Thème",
        queryset=Theme.objects.none(),
        required=False,
        empty_label="Tous les thèmes",
        error_messages={"invalid_choice": INVALID},
    )
    territory = forms.ModelChoiceField(
        label="Quartier",
        queryset=Territory.objects.none(),
        required=False,
        empty_label="Tous les quartiers",
        error_messages={"invalid_choice": INVALID},
    )
    starts_on = forms.DateField(label="Du", widget=DATE_WIDGET)
    ends_on = forms.DateField(label="Au", widget=DATE_WIDGET)

    def __init__(self, *args, charter, **kwargs):
        super().__init__(*args, **kwargs)
        self.charter = charter
        self.fields["theme"].queryset = charter.themes.all()
        self.fields["territory"].queryset = charter.territories.all()
        self.fields["starts_on"].initial = charter.starts_on
        self.fields["ends_on"].initial = charter.current_end
        self.fields["ends_on"].help_text = "Par défaut, toute la période de la charte, avenants compris."

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "La fin de la période doit suivre son début.")
        return data
