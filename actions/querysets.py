"""Reads of the action plan. Lookups go through `visible_to(user)`, `editable_by(user)` or
`loggable_by(user)`: what a user may not see or touch is a 404.

Lateness has one definition, `late_q`: past its due date and neither finished nor dropped. Every list,
count, badge, export and matrix uses it (through `late()`, `with_lateness()` or `late_q` itself)."""

from django.apps import apps
from django.db import models
from django.db.models import Avg, Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from charter.querysets import in_coordinated_charters, in_member_charters
from gusp.core.archive import ArchivableQuerySet
from gusp.core.users import is_anonymous

from .choices import CLOSED_STATUSES, ActionStatus


def _model(name: str):
    return apps.get_model("actions", name)


def late_q(today=None, prefix: str = "") -> Q:
    """The one definition of a late action: past its due date and neither finished nor dropped. `prefix`
    is the path from the rows queried to the action (e.g. "actions__")."""
    today = today or timezone.localdate()
    return Q(**{f"{prefix}due_on__lt": today}) & ~Q(**{f"{prefix}status__in": CLOSED_STATUSES})


def _coordinator_or_lead(queryset, user, *, charter: str):
    """Rows of the charters the user coordinates, and rows led (`lead`) by a referent's organisation in
    the charters it takes part in. `charter` is the path from the row to its charter."""
    if is_anonymous(user):
        return queryset.none()
    if user.is_superuser:
        return queryset.all()
    condition = in_coordinated_charters(user, charter)
    if user.is_referent and user.organisation_id:
        condition |= Q(lead_id=user.organisation_id) & in_member_charters(user, charter)
    return queryset.filter(condition)


def _members_only(queryset, user, charter: str):
    if is_anonymous(user):
        return queryset.none()
    return queryset.filter(in_member_charters(user, charter))


class ProjectSheetQuerySet(ArchivableQuerySet):
    def visible_to(self, user):
        """Members of the charter see every sheet; others only published sheets of published charters.
        Archived sheets are shown to nobody (`reachable_by` keeps their page for the coordinator)."""
        public = Q(is_published=True, charter__is_published=True)
        if is_anonymous(user):
            return self.live().filter(public)
        return self.live().filter(public | in_member_charters(user))

    def reachable_by(self, user):
        """What `visible_to` shows, plus the archived sheets of the charters the user coordinates."""
        if is_anonymous(user):
            return self.visible_to(user)
        return self.visible_to(user) | self.archived().filter(in_coordinated_charters(user))

    def editable_by(self, user):
        """The charter's coordinator, or a referent of the sheet's lead organisation."""
        return _coordinator_or_lead(self.live(), user, charter="charter")

    def for_territory(self, territory):
        """Sheets whose place is all the quarters of the territory's charter, or that name the territory."""
        named = Exists(
            self.model.territories.through.objects.filter(
                projectsheet_id=OuterRef("pk"), territory_id=territory.pk
            )
        )
        return self.filter(Q(all_territories=True, charter=territory.charter_id) | named)

    def with_progress(self, today=None):
        """Annotate each sheet with its progress, derived from its actions — never typed in.

        `progress` is the mean of the progress of the sheet's actions that were not dropped, a finished
        action counting for 100 %; it is None for a sheet with no such action. Also annotates
        `action_count` (not dropped), `finished_count` and `late_count` (see `late_q`).
        Each figure is a correlated subquery, so that further joins on the sheets never multiply them.
        """
        of_sheet = (
            _model("Action")
            .objects.filter(sheet=OuterRef("pk"), archived_at__isnull=True)
            .order_by()
            .values("sheet")
        )
        counted = of_sheet.exclude(status=ActionStatus.DROPPED)
        effective = Case(
            When(status=ActionStatus.FINISHED, then=Value(100)),
            default=F("progress"),
            output_field=models.IntegerField(),
        )

        def scalar(queryset, aggregate, field):
            return Subquery(queryset.annotate(value=aggregate).values("value"), output_field=field)

        number = models.IntegerField()
        return self.annotate(
            progress=scalar(counted, Avg(effective), models.FloatField()),
            action_count=Coalesce(scalar(counted, Count("pk"), number), 0),
            finished_count=Coalesce(
                scalar(of_sheet.filter(status=ActionStatus.FINISHED), Count("pk"), number), 0
            ),
            late_count=Coalesce(scalar(of_sheet.filter(late_q(today)), Count("pk"), number), 0),
        )


class ActionQuerySet(ArchivableQuerySet):
    def with_related(self):
        return self.select_related("sheet__theme", "sheet__sub_theme", "lead", "territory")

    def public(self):
        """Finished actions of published sheets of published charters: what inhabitants see."""
        return self.live().filter(
            status=ActionStatus.FINISHED, sheet__is_published=True, sheet__charter__is_published=True
        )

    def visible_to(self, user):
        """Members of the charter see all its actions; the public sees finished actions of published sheets."""
        if is_anonymous(user):
            return self.public()
        return self.live().filter(
            in_member_charters(user, "sheet__charter")
            | Q(status=ActionStatus.FINISHED, sheet__is_published=True, sheet__charter__is_published=True)
        )

    def editable_by(self, user):
        """The coordinator, or a referent of the action's lead organisation."""
        return _coordinator_or_lead(self.live(), user, charter="sheet__charter")

    def reachable_by(self, user):
        """What `visible_to` shows, plus the archived actions (or actions of archived sheets) of the charters
        the user coordinates."""
        if is_anonymous(user):
            return self.visible_to(user)
        hidden = self.exclude(pk__in=self.live().values("pk")).filter(
            in_coordinated_charters(user, "sheet__charter")
        )
        return self.visible_to(user) | hidden

    def loggable_by(self, user):
        """Actions on which the user may log what was done: the coordinator on all of their charters;
        a referent on those their organisation leads or joins as a partner."""
        if is_anonymous(user):
            return self.none()
        if user.is_superuser:
            return self.live()
        condition = in_coordinated_charters(user, "sheet__charter")
        if user.is_referent and user.organisation_id:
            joins = Exists(
                self.model.partners.through.objects.filter(
                    action_id=OuterRef("pk"), organisation_id=user.organisation_id
                )
            )
            condition |= in_member_charters(user, "sheet__charter") & (
                Q(lead_id=user.organisation_id) | joins
            )
        return self.live().filter(condition)

    def of_organisation(self, organisation_id):
        """Actions an organisation leads, or joins as a partner (a referent's « Mes actions »)."""
        joins = Exists(
            self.model.partners.through.objects.filter(
                action_id=OuterRef("pk"), organisation_id=organisation_id
            )
        )
        return self.filter(Q(lead_id=organisation_id) | joins)

    def open_first(self):
        """Open actions first, the soonest due (so the latest late) on top; then the finished or dropped
        ones, the most recently due first."""
        closed = Q(status__in=CLOSED_STATUSES)
        return self.annotate(
            is_closed=Case(
                When(closed, then=Value(True)), default=Value(False), output_field=models.BooleanField()
            )
        ).order_by(
            "is_closed",
            Case(When(closed, then=Value(None)), default=F("due_on"), output_field=models.DateField()).asc(
                nulls_last=True
            ),
            F("due_on").desc(),
            "pk",
        )

    def late(self, today=None):
        """Past their due date and neither finished nor dropped (`late_q`)."""
        return self.filter(late_q(today))

    def with_lateness(self, today=None):
        """Annotate `is_late` (`late_q`)."""
        return self.annotate(
            is_late=Case(
                When(late_q(today), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def theme_territory_counts(self, today=None) -> dict:
        """Per (theme id, territory id or None): number of actions, finished ones, late ones (`late_q`).
        The theme × quarter matrix of the plan reads it."""
        cells = (
            self.order_by()
            .values("sheet__theme_id", "territory_id")
            .annotate(
                count=Count("pk"),
                finished=Count("pk", filter=Q(status=ActionStatus.FINISHED)),
                late=Count("pk", filter=late_q(today)),
            )
        )
        return {(c["sheet__theme_id"], c["territory_id"]): c for c in cells}


class InterventionQuerySet(ArchivableQuerySet):
    def visible_to(self, user):
        return _members_only(self.live(), user, "action__sheet__charter")


class IndicatorQuerySet(ArchivableQuerySet):
    def visible_to(self, user):
        return _members_only(self.live(), user, "charter")

    def reachable_by(self, user):
        """What `visible_to` shows, plus the archived indicators of the charters the user coordinates."""
        if is_anonymous(user):
            return self.none()
        return self.visible_to(user) | self.archived().filter(in_coordinated_charters(user))

    def editable_by(self, user):
        if is_anonymous(user):
            return self.none()
        if user.is_superuser:
            return self.live()
        return self.live().filter(in_coordinated_charters(user))
