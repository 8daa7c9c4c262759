import django_filters
from django.db.models import Q

from .models import Charter, Organisation, Residence, Territory


def _charters(request):
    return Charter.objects.visible_to(request.user) if request else Charter.objects.none()


class ResidenceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Recherche", method="search")
    charter = django_filters.ModelChoiceFilter(
        label="Charte",
        field_name="territory__charter",
        queryset=_charters,
        to_field_name="slug",
        empty_label="Toutes",
    )
    territory = django_filters.ModelChoiceFilter(
        label="Quartier", queryset=Territory.objects.none(), empty_label="Tous"
    )
    landlord = django_filters.ModelChoiceFilter(
        label="Bailleur", queryset=Organisation.objects.none(), to_field_name="slug", empty_label="Tous"
    )

    class Meta:
        model = Residence
        fields = ["q", "charter", "territory", "landlord"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        # The quarters and landlords offered are those of one charter (the one chosen, or the only one the
        # user sees): a list of every quarter of every charter would run to thousands of options.
        charters = _charters(request)
        slug = (self.data or {}).get("charter")
        charter = charters.filter(slug=slug).first() if slug else None
        if charter is None and charters[:2].count() == 1:
            charter = charters.first()
        if charter is not None:
            self.filters["territory"].queryset = Territory.objects.visible_to(request.user).filter(
                charter=charter
            )
            self.filters["landlord"].queryset = Organisation.objects.landlords().in_charter(charter)
        else:
            self.filters["territory"].extra["help_text"] = "Choisissez d'abord une charte."
            self.filters["landlord"].queryset = Organisation.objects.landlords().visible_to(
                request.user if request else None
            )

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(address__icontains=value))
