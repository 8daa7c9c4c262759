"""The history of a charter's syntheses, filtered by theme, quarter, meeting and version."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.formats import date_format

from charter.models import Territory, Theme
from governance.choices import CommitteeKind
from governance.models import Meeting
from gusp.core.forms import PlatformFormMixin

from .choices import Variant
from .models import Synthesis

INVALID = "Ce choix n'appartient pas à cette charte."


class FilterForm(PlatformFormMixin, forms.Form):
    """A forged huge or negative id is an unknown choice (PlatformFormMixin), never a database error."""


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, meeting) -> str:
        return f"{meeting.committee.name} du {date_format(timezone.localdate(meeting.starts_at), 'j F Y')}"


class MeetingFilter(django_filters.ModelChoiceFilter):
    field_class = MeetingChoiceField


class SynthesisFilter(django_filters.FilterSet):
    theme = django_filters.ModelChoiceFilter(label="Thème", queryset=Theme.objects.none(), empty_label="Tous")
    quartier = django_filters.ModelChoiceFilter(
        label="Quartier", field_name="territory", queryset=Territory.objects.none(), empty_label="Tous"
    )
    reunion = MeetingFilter(
        label="Préparées pour la réunion",
        field_name="meeting",
        queryset=Meeting.objects.none(),
        empty_label="—",
    )
    version = django_filters.ChoiceFilter(
        label="Version", field_name="variant", choices=Variant.choices, empty_label="Toutes"
    )

    class Meta:
        model = Synthesis
        form = FilterForm
        fields = ["theme", "quartier", "reunion", "version"]

    def __init__(self, *args, charter, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["theme"].queryset = charter.themes.all()
        self.filters["quartier"].queryset = charter.territories.all()
        self.filters["reunion"].queryset = Meeting.objects.filter(
            committee__charter=charter, committee__kind=CommitteeKind.STEERING
        ).select_related("committee")
        for name in ["theme", "quartier", "reunion"]:
            self.filters[name].extra["error_messages"] = {"invalid_choice": INVALID}
