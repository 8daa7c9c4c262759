import django_filters
from django.db.models import Q
from django.utils import timezone

from charter.models import Organisation, SubTheme

from .models import Action, ActionStatus


class AllYesNoWidget(django_filters.widgets.BooleanWidget):
    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", "Toutes"), ("true", "Oui"), ("false", "Non")]


class ActionPlanFilter(django_filters.FilterSet):
    """The action plan of one charter, filtered as on screen and in the exports."""

    q = django_filters.CharFilter(label="Recherche", method="search")
    theme = django_filters.ModelChoiceFilter(
        label="Thème", field_name="sheet__theme", queryset=None, empty_label="Tous"
    )
    sub_theme = django_filters.ModelChoiceFilter(
        label="Sous-thème", field_name="sheet__sub_theme", queryset=None, empty_label="Tous"
    )
    territory = django_filters.ModelChoiceFilter(label="Quartier", queryset=None, empty_label="Tous")
    lead = django_filters.ModelChoiceFilter(label="Porteur", queryset=None, empty_label="Tous")
    status = django_filters.ChoiceFilter(label="État", choices=ActionStatus.choices, empty_label="Tous")
    late = django_filters.BooleanFilter(
        label="En retard",
        method="filter_late",
        widget=AllYesNoWidget(),
    )

    class Meta:
        model = Action
        fields = ["q", "theme", "sub_theme", "territory", "lead", "status", "late"]

    def __init__(self, *args, charter, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["theme"].queryset = charter.themes.all()
        self.filters["sub_theme"].queryset = SubTheme.objects.filter(theme__charter=charter)
        self.filters["territory"].queryset = charter.territories.all()
        self.filters["lead"].queryset = Organisation.objects.in_charter(charter)

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(sheet__title__icontains=value))

    def filter_late(self, queryset, name, value):
        late = queryset.late(timezone.localdate())
        return late if value else queryset.exclude(pk__in=late.values("pk"))
