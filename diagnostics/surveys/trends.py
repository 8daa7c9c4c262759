"""What the platform derives from the satisfaction surveys (footnote 16):

- `survey_trend`: the share of satisfied tenants per residence (or over all the residences a survey
  covered) and theme, survey after survey (oldest first), with the change since the previous survey that
  asked about it. Several questions of one theme in a survey count as their mean. Two queries.
- `survey_flags`: per landlord of the charter, its last representative survey and its last panel, and
  whether the last representative survey is older than three years (« sur échantillon représentatif, au
  moins triennale ») — or missing. One query."""

import datetime as dt
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.utils import timezone

from charter.choices import OrganisationKind

from .choices import PANEL_EVERY_YEARS, REPRESENTATIVE_EVERY_YEARS, SurveyMethod, SurveyTheme

TENTH = Decimal("0.1")
THEME_ORDER = {value: index for index, value in enumerate(SurveyTheme.values)}


def _model(app: str, name: str):
    return apps.get_model(app, name)


@dataclass
class TrendCell:
    value: Decimal | None = None
    change: Decimal | None = None  # since the previous survey with a value in this row


@dataclass
class TrendRow:
    landlord: str
    residence: str  # the residence's name, or « Ensemble des résidences enquêtées »
    territory: str
    theme: str
    theme_label: str
    cells: list[TrendCell] = field(default_factory=list)

    @property
    def values(self) -> list[Decimal]:
        return [c.value for c in self.cells if c.value is not None]

    @property
    def change(self) -> Decimal | None:
        """From the first survey to the last that asked about it."""
        values = self.values
        return values[-1] - values[0] if len(values) > 1 else None


@dataclass
class Trend:
    surveys: list
    rows: list[TrendRow]


ALL_RESIDENCES = "Ensemble des résidences enquêtées"


def _sortable(text: str) -> str:
    """Sorted as French readers expect: « Les Érables » before « Les Tilleuls »."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def survey_trend(surveys) -> Trend:
    """The trend of `surveys` (a queryset already restricted to what the user sees)."""
    surveys = list(surveys.select_related("landlord").order_by("conducted_on", "pk"))
    column = {survey.pk: index for index, survey in enumerate(surveys)}
    landlord_of = {survey.pk: survey.landlord for survey in surveys}
    collected: dict[tuple, dict[int, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    labels: dict[tuple, tuple] = {}
    for survey_id, theme, residence_id, name, territory, percent in (
        _model("diagnostics", "SurveyResult")
        .objects.filter(question__survey__in=list(column))
        .values_list(
            "question__survey_id",
            "question__theme",
            "residence_id",
            "residence__name",
            "residence__territory__name",
            "satisfied_percent",
        )
    ):
        landlord = landlord_of[survey_id]
        key = (landlord.pk, residence_id, theme)
        collected[key][survey_id].append(percent)
        labels[key] = (landlord.short_name or landlord.name, name or ALL_RESIDENCES, territory or "")
    rows = []
    for key, by_survey in collected.items():
        landlord, residence, territory = labels[key]
        theme = key[2]
        cells = [TrendCell() for _ in surveys]
        for survey_id, values in by_survey.items():
            mean = sum(values, Decimal(0)) / len(values)
            cells[column[survey_id]].value = mean.quantize(TENTH, rounding=ROUND_HALF_UP)
        previous = None
        for cell in cells:
            if cell.value is None:
                continue
            if previous is not None:
                cell.change = cell.value - previous
            previous = cell.value
        rows.append(
            TrendRow(
                landlord=landlord,
                residence=residence,
                territory=territory,
                theme=theme,
                theme_label=SurveyTheme(theme).label if theme in SurveyTheme.values else theme,
                cells=cells,
            )
        )
    rows.sort(
        key=lambda r: (
            _sortable(r.landlord),
            r.residence != ALL_RESIDENCES,
            _sortable(r.residence),
            THEME_ORDER.get(r.theme, 99),
        )
    )
    return Trend(surveys=surveys, rows=rows)


@dataclass
class LandlordSurveys:
    landlord: object
    last_representative: dt.date | None
    last_panel: dt.date | None
    today: dt.date

    @property
    def representative_due(self) -> dt.date | None:
        """The date by which the next representative survey is due (three years after the last one)."""
        if self.last_representative is None:
            return None
        return self.last_representative + relativedelta(years=REPRESENTATIVE_EVERY_YEARS)

    @property
    def is_late(self) -> bool:
        """No representative survey, or the last one is older than three years."""
        return self.representative_due is None or self.representative_due < self.today

    @property
    def has_recent_panel(self) -> bool:
        """A panel or yearly poll within the last year."""
        return (
            self.last_panel is not None
            and self.last_panel + relativedelta(years=PANEL_EVERY_YEARS) >= self.today
        )


def survey_flags(charter, today: dt.date | None = None) -> list[LandlordSurveys]:
    """Every landlord of the charter (a partner, or holding a residence in it), by name, with its surveys'
    dates and flags. One query."""
    today = today or timezone.localdate()
    surveys = _model("diagnostics", "SatisfactionSurvey").objects.filter(
        charter=charter, landlord=OuterRef("pk")
    )

    def last(method: str):
        return Subquery(
            surveys.filter(method=method)
            .order_by()
            .values("landlord")
            .annotate(d=Max("conducted_on"))
            .values("d")[:1]
        )

    partner = _model("charter", "Partnership").objects.filter(charter=charter, organisation=OuterRef("pk"))
    holds = _model("charter", "Residence").objects.filter(territory__charter=charter, landlord=OuterRef("pk"))
    landlords = (
        _model("charter", "Organisation")
        .objects.filter(Q(kind=OrganisationKind.LANDLORD) & (Exists(partner) | Exists(holds)))
        .annotate(last_representative=last(SurveyMethod.REPRESENTATIVE), last_panel=last(SurveyMethod.PANEL))
        .order_by("name")
    )
    return [
        LandlordSurveys(
            landlord=landlord,
            last_representative=landlord.last_representative,
            last_panel=landlord.last_panel,
            today=today,
        )
        for landlord in landlords
    ]
