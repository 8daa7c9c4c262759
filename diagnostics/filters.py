import django_filters
from django.db.models import Q
from django.utils import timezone

from actions.filters import AllYesNoWidget
from charter.models import Organisation

from .choices import FindingState, Source
from .models import Category, Finding
from .querysets import late_q


class FindingFilter(django_filters.FilterSet):
    """The findings of one charter, filtered as on the list, the map and its data."""

    q = django_filters.CharFilter(label="Recherche", method="search", max_length=100)
    category = django_filters.ModelChoiceFilter(label="Catégorie", queryset=None, empty_label="Toutes")
    state = django_filters.ChoiceFilter(label="État", choices=FindingState.choices, empty_label="Tous")
    organisation = django_filters.ModelChoiceFilter(
        label="Organisation chargée", field_name="assigned_to", queryset=None, empty_label="Toutes"
    )
    territory = django_filters.ModelChoiceFilter(label="Quartier", queryset=None, empty_label="Tous")
    source = django_filters.ChoiceFilter(label="Origine", choices=Source.choices, empty_label="Toutes")
    late = django_filters.BooleanFilter(label="En retard", method="filter_late", widget=AllYesNoWidget())

    class Meta:
        model = Finding
        fields = ["q", "category", "state", "organisation", "territory", "source", "late"]

    def __init__(self, *args, charter, public: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["category"].queryset = Category.objects.filter(charter=charter)
        self.filters["organisation"].queryset = Organisation.objects.in_charter(charter)
        self.filters["territory"].queryset = charter.territories.all()
        if public:
            # Inhabitants filter by what they see: no organisation, no lateness, no source.
            for name in ("organisation", "late", "source"):
                del self.filters[name]
            self.filters["territory"].queryset = charter.territories.filter(is_published=True)
            self.filters["state"].extra["choices"] = [
                (s.value, s.label)
                for s in FindingState
                if s not in (FindingState.MODERATION, FindingState.REJECTED)
            ]
        for name in ("category", "organisation", "territory"):
            if name in self.filters:
                self.filters[name].extra["error_messages"] = {
                    "invalid_choice": "Ce choix n'appartient pas à cette charte."
                }

    def search(self, queryset, name, value):
        query = Q(description__icontains=value) | Q(place_note__icontains=value)
        if value.strip().isdecimal() and len(value.strip()) < 18:
            query |= Q(pk=int(value.strip()))
        return queryset.filter(query)

    def filter_late(self, queryset, name, value):
        late = late_q(timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


class DelayFilter(django_filters.FilterSet):
    """The findings the delays dashboard counts."""

    year = django_filters.NumberFilter(
        label="Année d'orientation",
        field_name="routed_at",
        lookup_expr="year",
        min_value=2000,
        max_value=2100,
    )
    territory = django_filters.ModelChoiceFilter(label="Quartier", queryset=None, empty_label="Tous")
    organisation = django_filters.ModelChoiceFilter(
        label="Organisation chargée", field_name="assigned_to", queryset=None, empty_label="Toutes"
    )
    category = django_filters.ModelChoiceFilter(label="Catégorie", queryset=None, empty_label="Toutes")

    class Meta:
        model = Finding
        fields = ["year", "territory", "organisation", "category"]

    def __init__(self, *args, charter, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["category"].queryset = Category.objects.filter(charter=charter)
        self.filters["organisation"].queryset = Organisation.objects.in_charter(charter)
        self.filters["territory"].queryset = charter.territories.all()
