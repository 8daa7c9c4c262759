"""Reads of funding. Lookups go through `visible_to(user)` or `editable_by(user)`: another partner's
commitment is a 404 for who may not edit it, and the public sees no funding at all (only the yearly tables
the coordinator publishes, `views.table`).

Sums and comparisons of money made in SQL are made in whole cents (`cents`), never on the database's
floating values (SQLite stores decimals as floats: 0.1 + 0.2 > 0.3 there); the tables add Decimals in
Python. `stage_expression` is the one definition of where a commitment stands (`choices.Stage`), and
`unpaid_late_q` the one definition of committed money unpaid past its year."""

from django.apps import apps
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Cast, Coalesce, Round
from django.db.models.lookups import GreaterThan, LessThan, LessThanOrEqual
from django.utils import timezone

from charter.choices import OrganisationKind
from charter.querysets import in_coordinated_charters, in_member_charters
from gusp.core.users import is_anonymous

from .choices import CommitmentState, Stage


def _model(app: str, name: str):
    return apps.get_model(app, name)


def cents(field: str):
    """A money field (or a path to one) in whole cents: an exact integer on every database."""
    return Cast(
        Round(models.ExpressionWrapper(F(field) * 100, output_field=models.DecimalField())),
        models.BigIntegerField(),
    )


def net_cents(prefix: str = ""):
    """What a commitment brings, in cents: its amount less what complementary funding took off it."""
    return cents(f"{prefix}amount") - cents(f"{prefix}deducted")


def stage_expression():
    """Where a commitment stands: its state while hoped or requested; once committed, « versé » when the
    payments reach what it brings (`net_cents`), « versé en partie » when some is paid, « engagé, non
    versé » otherwise."""
    paid = cents("paid_total")
    return Case(
        When(state=CommitmentState.HOPED, then=Value(Stage.HOPED.value)),
        When(state=CommitmentState.REQUESTED, then=Value(Stage.REQUESTED.value)),
        When(GreaterThan(paid, 0) & LessThanOrEqual(net_cents(), paid), then=Value(Stage.PAID.value)),
        When(GreaterThan(paid, 0), then=Value(Stage.PARTLY_PAID.value)),
        default=Value(Stage.COMMITTED.value),
        output_field=models.CharField(),
    )


def unpaid_late_q(today=None, prefix: str = ""):
    """Committed (voted) money not wholly paid once its year is over."""
    year = (today or timezone.localdate()).year
    return Q(**{f"{prefix}state": CommitmentState.COMMITTED, f"{prefix}year__lt": year}) & LessThan(
        cents(f"{prefix}paid_total"), net_cents(prefix)
    )


def _coordinator_or_own_financer(queryset, user, *, charter: str, organisation: str):
    """Rows of the charters the user coordinates, and, for a referent, rows whose financer is their own
    organisation, in the charters it takes part in. Committee members and visitors edit nothing."""
    if is_anonymous(user):
        return queryset.none()
    if user.is_superuser:
        return queryset.all()
    condition = in_coordinated_charters(user, charter)
    if user.is_referent and user.organisation_id:
        condition |= Q(**{organisation: user.organisation_id}) & in_member_charters(user, charter)
    return queryset.filter(condition)


def _members_only(queryset, user, charter: str = "charter"):
    if is_anonymous(user):
        return queryset.none()
    return queryset.filter(in_member_charters(user, charter))


class FinancerQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _members_only(self, user)

    def editable_by(self, user):
        """The list of financers is the coordinator's."""
        if is_anonymous(user):
            return self.none()
        return self.filter(in_coordinated_charters(user))

    def committable_by(self, user):
        """Financers the user records commitments for: every financer of the charters they coordinate; a
        referent, their own organisation's."""
        return _coordinator_or_own_financer(self, user, charter="charter", organisation="organisation_id")


class FundingCommitmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every partner of the charter reads its commitments; nobody else."""
        return _members_only(self, user)

    def editable_by(self, user):
        """The charter's coordinator, or a referent of the financer's organisation (its own commitments)."""
        return _coordinator_or_own_financer(
            self, user, charter="charter", organisation="financer__organisation_id"
        )

    def with_related(self):
        return self.select_related("charter", "financer__organisation", "sheet__theme", "decision__meeting")

    def with_stage(self):
        """Annotate `stage` (`stage_expression`)."""
        return self.annotate(stage=stage_expression())

    def with_lateness(self, today=None):
        """Annotate `is_unpaid_late` (`unpaid_late_q`)."""
        return self.annotate(
            is_unpaid_late=Case(
                When(unpaid_late_q(today), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def for_mission(self):
        """Commitments to the GUSP mission itself (the coordinator post), not to a sheet."""
        return self.filter(sheet__isnull=True)

    def unpaid_late(self, today=None):
        return self.filter(unpaid_late_q(today))

    def matching(self, *, year=None, theme=None, territory=None, financer=None, stage=None):
        """The commitments the summary table and the list show for these filters (each optional):
        - `theme`: of the sheets of that theme (the mission, under no theme, is left out);
        - `territory`: of the sheets about that quarter or about all quarters, and of the mission (which
          serves every quarter);
        - `financer`, `year`, and `stage` (a `choices.Stage`, annotated by `with_stage`)."""
        queryset = self
        if year is not None:
            queryset = queryset.filter(year=year)
        if theme is not None:
            queryset = queryset.filter(sheet__theme=theme)
        if territory is not None:
            named = Exists(
                _model("actions", "ProjectSheet").territories.through.objects.filter(
                    projectsheet_id=OuterRef("sheet_id"), territory_id=getattr(territory, "pk", territory)
                )
            )
            queryset = queryset.filter(Q(sheet__isnull=True) | Q(sheet__all_territories=True) | named)
        if financer is not None:
            queryset = queryset.filter(financer=financer)
        if stage:
            if "stage" not in queryset.query.annotations:
                queryset = queryset.with_stage()
            queryset = queryset.filter(stage=stage)
        return queryset


class PaymentQuerySet(models.QuerySet):
    def editable_by(self, user):
        """Payments of the commitments the user edits."""
        return self.filter(commitment__in=_model("funding", "FundingCommitment").objects.editable_by(user))


class MissionBudgetQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _members_only(self, user)

    def editable_by(self, user):
        if is_anonymous(user):
            return self.none()
        return self.filter(in_coordinated_charters(user))


def landlord_dwellings(charter) -> dict:
    """{landlord: number of dwellings it holds in the charter's territories}, computed from the residences
    (never typed), for every landlord that is a partner of the charter or holds a residence in it (a
    landlord partner with no residence there holds 0), by name. One query."""
    residences = _model("charter", "Residence").objects.filter(territory__charter=charter)
    held = residences.filter(landlord=OuterRef("pk")).order_by().values("landlord")
    partner = _model("charter", "Partnership").objects.filter(charter=charter, organisation=OuterRef("pk"))
    landlords = (
        _model("charter", "Organisation")
        .objects.filter(kind=OrganisationKind.LANDLORD)
        .filter(Exists(partner) | Exists(held))
        .annotate(dwellings=Coalesce(Subquery(held.annotate(n=Sum("dwellings")).values("n")[:1]), 0))
        .order_by("name")
    )
    return {landlord: landlord.dwellings for landlord in landlords}


def sheet_budget_flags(sheets, today=None):
    """Annotate project sheets with the two budget flags of the funding follow-up:
    - `funding_over_estimate`: the sheet's commitments (every state, less complementary funding deducted)
      exceed its estimated cost;
    - `funding_unpaid_late`: some committed (voted) money of the sheet is not wholly paid once its year is
      over (`unpaid_late_q`).
    Correlated subqueries, in cents: further joins on the sheets never multiply them, and no float is
    compared. Any queryset of `actions.ProjectSheet` (the sheet page, the sheet list, the plan's sheets)."""
    commitments = _model("funding", "FundingCommitment").objects.filter(sheet=OuterRef("pk")).order_by()
    total = Subquery(
        commitments.values("sheet").annotate(total=Sum(net_cents())).values("total")[:1],
        output_field=models.BigIntegerField(),
    )
    return sheets.annotate(
        funding_over_estimate=Case(
            When(
                Q(estimated_cost__isnull=False) & GreaterThan(Coalesce(total, 0), cents("estimated_cost")),
                then=Value(True),
            ),
            default=Value(False),
            output_field=models.BooleanField(),
        ),
        funding_unpaid_late=Exists(commitments.filter(unpaid_late_q(today))),
    )
