import django_filters
from django.db.models import Q

from .models import Charter, Organisation, Residence, Territory


def _charters(request):
    return Charter.objects.visible_to(request.user) if request else Charter.objects.none()


def _territories(request):
    return (
        Territory.objects.visible_to(request.user).select_related("charter")
        if request
        else (Territory.objects.none())
    )


class ResidenceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Recherche", method="search")
    charter = django_filters.ModelChoiceFilter(
        label="Charte",
        field_name="territory__charter",
        queryset=_charters,
        to_field_name="slug",
        empty_label="Toutes",
    )
    territory = django_filters.ModelChoiceFilter(label="Quartier", queryset=_territories, empty_label="Tous")
    landlord = django_filters.ModelChoiceFilter(
        label="Bailleur", queryset=Organisation.objects.landlords(), to_field_name="slug", empty_label="Tous"
    )

    class Meta:
        model = Residence
        fields = ["q", "charter", "territory", "landlord"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(address__icontains=value))
