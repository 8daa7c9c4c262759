"""Reads of the action plan. Lookups go through `visible_to(user)`, `editable_by(user)` or
`loggable_by(user)`: what a user may not see or touch is a 404."""

from django.db import models
from django.db.models import Avg, Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

FINISHED, DROPPED = "finished", "dropped"


def _anonymous(user) -> bool:
    return user is None or not user.is_authenticated or not user.is_active


def _member_charters(user):
    from charter.models import Charter

    return Charter.objects.member_of(user).values("pk")


def _coordinated_charters(user):
    from charter.models import Charter

    return Charter.objects.coordinated_by(user).values("pk")


def _coordinator_or_lead(queryset, user, *, charter: str):
    """Rows of the charters the user coordinates, and rows led (`lead`) by a referent's organisation in
    the charters it takes part in. `charter` is the path from the row to its charter."""
    if _anonymous(user):
        return queryset.none()
    if user.is_superuser:
        return queryset.all()
    condition = Q(**{f"{charter}__in": _coordinated_charters(user)})
    if user.is_referent and user.organisation_id:
        condition |= Q(lead_id=user.organisation_id, **{f"{charter}__in": _member_charters(user)})
    return queryset.filter(condition)


def _late_q(prefix: str, today) -> Q:
    return Q(**{f"{prefix}due_on__lt": today}) & ~Q(**{f"{prefix}status__in": [FINISHED, DROPPED]})


class ProjectSheetQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Members of the charter see every sheet; others only published sheets of published charters."""
        public = Q(is_published=True, charter__is_published=True)
        if _anonymous(user):
            return self.filter(public)
        return self.filter(public | Q(charter__in=_member_charters(user)))

    def editable_by(self, user):
        """The charter's coordinator, or a referent of the sheet's lead organisation."""
        return _coordinator_or_lead(self, user, charter="charter")

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
        `action_count` (not dropped), `finished_count` and `late_count` (past due, not finished).
        Each figure is a correlated subquery, so that further joins on the sheets never multiply them.
        """
        from .models import Action

        today = today or timezone.localdate()
        of_sheet = Action.objects.filter(sheet=OuterRef("pk")).order_by().values("sheet")
        counted = of_sheet.exclude(status=DROPPED)
        effective = Case(
            When(status=FINISHED, then=Value(100)), default=F("progress"), output_field=models.IntegerField()
        )

        def scalar(queryset, aggregate, field):
            return Subquery(queryset.annotate(value=aggregate).values("value"), output_field=field)

        number = models.IntegerField()
        return self.annotate(
            progress=scalar(counted, Avg(effective), models.FloatField()),
            action_count=Coalesce(scalar(counted, Count("pk"), number), 0),
            finished_count=Coalesce(scalar(of_sheet.filter(status=FINISHED), Count("pk"), number), 0),
            late_count=Coalesce(scalar(of_sheet.filter(_late_q("", today)), Count("pk"), number), 0),
        )


class ActionQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("sheet__theme", "sheet__sub_theme", "lead", "territory")

    def visible_to(self, user):
        """Members of the charter see all its actions; the public sees finished actions of published sheets."""
        if _anonymous(user):
            return self.public()
        return self.filter(
            Q(sheet__charter__in=_member_charters(user))
            | Q(status=FINISHED, sheet__is_published=True, sheet__charter__is_published=True)
        )

    def public(self):
        return self.filter(status=FINISHED, sheet__is_published=True, sheet__charter__is_published=True)

    def editable_by(self, user):
        """The coordinator, or a referent of the action's lead organisation."""
        return _coordinator_or_lead(self, user, charter="sheet__charter")

    def loggable_by(self, user):
        """Actions on which the user may log what was done: the coordinator on all of their charters;
        a referent on those their organisation leads or joins as a partner."""
        if _anonymous(user):
            return self.none()
        if user.is_superuser:
            return self.all()
        condition = Q(sheet__charter__in=_coordinated_charters(user))
        if user.is_referent and user.organisation_id:
            from charter.models import Organisation

            joins = Exists(
                Organisation.partner_actions.through.objects.filter(
                    action_id=OuterRef("pk"), organisation_id=user.organisation_id
                )
            )
            condition |= Q(sheet__charter__in=_member_charters(user)) & (
                Q(lead_id=user.organisation_id) | joins
            )
        return self.filter(condition)

    def late(self, today=None):
        """Past their due date and neither finished nor dropped."""
        return self.filter(_late_q("", today or timezone.localdate()))

    def with_lateness(self, today=None):
        return self.annotate(
            is_late=Case(
                When(_late_q("", today or timezone.localdate()), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )


class InterventionQuerySet(models.QuerySet):
    def visible_to(self, user):
        if _anonymous(user):
            return self.none()
        return self.filter(action__sheet__charter__in=_member_charters(user))


class IndicatorQuerySet(models.QuerySet):
    def visible_to(self, user):
        if _anonymous(user):
            return self.none()
        return self.filter(charter__in=_member_charters(user))

    def editable_by(self, user):
        if _anonymous(user):
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(charter__in=_coordinated_charters(user))
