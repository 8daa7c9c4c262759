"""Reads of walking diagnostics and findings, named after the domain. Every view looks records up through
`visible_to(user)`, `treatable_by(user)`, `recordable_by(user)` or `editable_by(user)`: what a user may
not see or touch is a 404, never loaded first.

Who sees what:
- the partners of a charter see its walks and routed findings (the shared picture); findings awaiting
  moderation (inhabitants' reports not yet read) are the coordinator's alone;
- everybody sees the published findings of published charters, through `public()` (no personal data,
  no place inside a residence finer than its name: the templates and the API use `public_place_label`);
- a finding is treated by the coordinator and by the referents of the organisation it is routed to.

Lateness has one definition, `late_q`: still to be acted on by its organisation and past its due date."""

from django.apps import apps
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone

from charter.querysets import in_coordinated_charters, in_member_charters
from gusp.core.users import is_anonymous

from .choices import OPEN_STATES, FindingState


def _model(name: str):
    return apps.get_model("diagnostics", name)


def late_q(today=None, prefix: str = "") -> Q:
    """The one definition of a late finding: open (its organisation must act) and past its due date."""
    today = today or timezone.localdate()
    return Q(**{f"{prefix}state__in": OPEN_STATES, f"{prefix}due_on__lt": today})


def public_q(prefix: str = "") -> Q:
    """Published, routed and not rejected, in a published charter: what inhabitants see."""
    return Q(**{f"{prefix}is_public": True, f"{prefix}charter__is_published": True}) & ~Q(
        **{f"{prefix}state__in": [FindingState.MODERATION, FindingState.REJECTED]}
    )


def _coordinator_only(queryset, user, path: str = "charter"):
    if is_anonymous(user):
        return queryset.none()
    if user.is_superuser:
        return queryset.all()
    return queryset.filter(in_coordinated_charters(user, path))


class CategoryQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def editable_by(self, user):
        """The grid is the coordinator's."""
        return _coordinator_only(self, user)


class RoutingRuleQuerySet(models.QuerySet):
    def editable_by(self, user):
        return _coordinator_only(self, user)

    def with_related(self):
        return self.select_related("category", "organisation")

    def matching(self, *, charter_id: int, category_id: int, place_kind: str):
        """The rules that may route a finding, the category's own first, then the « toutes catégories »
        one of the place."""
        return (
            self.filter(charter_id=charter_id, place_kind=place_kind)
            .filter(Q(category_id=category_id) | Q(category__isnull=True))
            .select_related("organisation")
            .order_by(models.F("category_id").asc(nulls_last=True))
        )


class WalkQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("territory", "charter", "organiser")

    def visible_to(self, user):
        """Walks are the partners' working tool: members of the charter see them."""
        if is_anonymous(user):
            return self.none()
        return self.filter(in_member_charters(user))

    def editable_by(self, user):
        """The coordinator, and the referent who planned the walk."""
        if is_anonymous(user):
            return self.none()
        if user.is_superuser:
            return self.all()
        condition = in_coordinated_charters(user)
        if user.is_referent:
            condition |= Q(organiser=user) & in_member_charters(user)
        return self.filter(condition)

    def recordable_by(self, user):
        """Walks on which the user records findings: the coordinator's, those the user walks in (a seat
        with their account), and for a referent those their organisation takes part in."""
        if is_anonymous(user):
            return self.none()
        if user.is_superuser:
            return self.all()
        seats = _model("WalkMember").objects.filter(walk=OuterRef("pk"))
        condition = in_coordinated_charters(user) | (
            in_member_charters(user) & Exists(seats.filter(user=user))
        )
        if user.is_referent and user.organisation_id:
            condition |= in_member_charters(user) & (
                Exists(seats.filter(organisation_id=user.organisation_id)) | Q(organiser=user)
            )
        return self.filter(condition)

    def of_sector(self, walk):
        """The walks of the same sector (the whole quarter when the walk names no sector)."""
        same = self.filter(territory_id=walk.territory_id)
        return same.filter(sector__iexact=walk.sector) if walk.sector else same

    def before(self, walk):
        return self.filter(Q(planned_on__lt=walk.planned_on) | Q(planned_on=walk.planned_on, pk__lt=walk.pk))


class FindingQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related(
            "category", "territory", "residence__landlord", "assigned_to", "walk", "charter"
        )

    def public(self):
        """What inhabitants see (`public_q`)."""
        return self.filter(public_q())

    def visible_to(self, user):
        """Members of a charter see its routed findings; its coordinator also those awaiting moderation;
        everybody sees the public ones."""
        public = public_q()
        if is_anonymous(user):
            return self.filter(public)
        if user.is_superuser:
            return self.all()
        return self.filter(
            public
            | (in_member_charters(user) & ~Q(state=FindingState.MODERATION))
            | in_coordinated_charters(user)
        )

    def coordinated_by(self, user):
        return _coordinator_only(self, user)

    def treatable_by(self, user):
        """The coordinator treats every finding of their charters; a referent those routed to their
        organisation in the charters it takes part in. Committee members treat nothing."""
        if is_anonymous(user):
            return self.none()
        if user.is_superuser:
            return self.all()
        condition = in_coordinated_charters(user)
        if user.is_referent and user.organisation_id:
            condition |= (
                Q(assigned_to_id=user.organisation_id)
                & in_member_charters(user)
                & ~Q(state=FindingState.MODERATION)
            )
        return self.filter(condition)

    def of_key(self, api_key):
        """What an Open311 key reads: its organisation's findings in its charter, and what is public."""
        own = Q(charter_id=api_key.charter_id, assigned_to_id=api_key.organisation_id) & ~Q(
            state=FindingState.MODERATION
        )
        return self.filter(own | public_q())

    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def late(self, today=None):
        return self.filter(late_q(today))

    def unrouted(self):
        """Routed by no rule: the coordinator chooses who must act."""
        return self.filter(state=FindingState.NEW, assigned_to__isnull=True)

    def awaiting_moderation(self):
        return self.filter(state=FindingState.MODERATION)

    def for_organisation(self, organisation):
        return self.filter(assigned_to=organisation)

    def with_lateness(self, today=None):
        return self.annotate(
            is_late=Case(
                When(late_q(today), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def late_first(self, today=None):
        """Late ones first (oldest due date first), then by due date: the order of every to-do list."""
        return self.with_lateness(today).order_by(
            "-is_late", models.F("due_on").asc(nulls_last=True), "observed_at", "pk"
        )

    def home_for(self, user, today=None):
        """The open findings of the user's organisation, late first: the referent's home page list."""
        if is_anonymous(user) or not user.organisation_id:
            return self.none()
        return (
            self.treatable_by(user)
            .filter(assigned_to_id=user.organisation_id)
            .open()
            .with_related()
            .late_first(today)
        )


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def editable_by(self, user):
        """Keys are created and revoked by the coordinator."""
        return _coordinator_only(self, user)
