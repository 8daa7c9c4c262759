"""Filters of the summary table and of the list of commitments: the same fields, validated by the same
form, applied by the same queryset method (`FundingCommitmentQuerySet.matching`), so that the table, the
list and the exports show the same commitments."""

import django_filters

from charter.models import Territory, Theme

from .choices import Stage
from .models import Financer, FundingCommitment
from .periods import charter_years

INVALID = "Ce choix n'appartient pas à cette charte."


class CommitmentFilter(django_filters.FilterSet):
    """Commitments of one charter (`charter=`). Every filter is optional; the table's subclass requires a
    year."""

    annee = django_filters.ChoiceFilter(label="Année", empty_label="Toutes", method="keep")
    theme = django_filters.ModelChoiceFilter(
        label="Thème", queryset=Theme.objects.none(), empty_label="Tous", method="keep"
    )
    quartier = django_filters.ModelChoiceFilter(
        label="Quartier", queryset=Territory.objects.none(), empty_label="Tous", method="keep"
    )
    financeur = django_filters.ModelChoiceFilter(
        label="Financeur", queryset=Financer.objects.none(), empty_label="Tous", method="keep"
    )
    etat = django_filters.ChoiceFilter(label="État", choices=Stage.choices, empty_label="Tous", method="keep")

    class Meta:
        model = FundingCommitment
        fields = ["annee", "theme", "quartier", "financeur", "etat"]

    def __init__(self, *args, charter, **kwargs):
        super().__init__(*args, **kwargs)
        self.charter = charter
        self.filters["annee"].extra["choices"] = [(y, str(y)) for y in charter_years(charter)]
        self.filters["theme"].queryset = charter.themes.all()
        self.filters["quartier"].queryset = charter.territories.all()
        self.filters["financeur"].queryset = charter.financers.all()
        for name in ["theme", "quartier", "financeur"]:
            self.filters[name].extra["error_messages"] = {"invalid_choice": INVALID}
        self.filters["annee"].extra["error_messages"] = {
            "invalid_choice": "Choisissez une année de la période de la charte."
        }

    def keep(self, queryset, name, value):
        """Applied together by `filter_queryset` (`matching`)."""
        return queryset

    def matching_kwargs(self) -> dict:
        """The cleaned filters, as `FundingCommitmentQuerySet.matching` takes them (`tables.summary_table`
        takes the year apart)."""
        data = self.form.cleaned_data
        return {
            "year": int(data["annee"]) if data.get("annee") else None,
            "theme": data.get("theme"),
            "territory": data.get("quartier"),
            "financer": data.get("financeur"),
            "stage": data.get("etat") or None,
        }

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset.matching(**self.matching_kwargs())


class TableFilter(CommitmentFilter):
    """The summary table's filters: one year, always (the view fills in the default year)."""

    annee = django_filters.ChoiceFilter(label="Année", empty_label=None, method="keep")
