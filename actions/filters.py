import django_filters
from django.db.models import Q
from django.utils import timezone

from charter.models import Organisation, SubTheme

from .models import Action, ActionStatus


class ActionPlanFilter(django_filters.FilterSet):
    """The action plan of one charter, filtered as on screen and in the exports."""

    q = django_filters.CharFilter(label="Recherche", method="search")
    theme = django_filters.ModelChoiceFilter(label="Thème", field_name="sheet__theme", queryset=None)
    sub_theme = django_filters.ModelChoiceFilter(
        label="Sous-thème", field_name="sheet__sub_theme", queryset=None
    )
    territory = django_filters.ModelChoiceFilter(label="Quartier", queryset=None)
    lead = django_filters.ModelChoiceFilter(label="Porteur", queryset=None)
    status = django_filters.ChoiceFilter(label="État", choices=ActionStatus.choices)
    late = django_filters.BooleanFilter(label="En retard", method="filter_late")

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
