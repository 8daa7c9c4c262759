"""Reads of the charter registry, named after the domain. Every view looks objects up through
`visible_to(user)` or `editable_by(user)`, so that what a user may not see is a 404, never loaded first.

Membership is cheap by construction: the ids of the charters a user takes part in and of those they
coordinate are read once (one short query each, cached on the user object for the request) and every
other lookup filters on that list, instead of nesting the partnership and django-guardian subqueries in
each query (PostgreSQL took a second to JIT-compile those plans at France scale)."""

from django.apps import apps
from django.db import models
from django.db.models import Exists, F, Func, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from gusp.core.archive import ArchivableQuerySet, live_q
from gusp.core.users import is_anonymous

from .choices import OrganisationKind, Role

_CACHE = "_gusp_charter_ids"


def _model(name: str):
    return apps.get_model("charter", name)


def _charter_ids(user) -> dict:
    """{"member": ids, "coordinated": ids} for an active user, read once per user object."""
    cached = getattr(user, _CACHE, None)
    if cached is None:
        coordinated = set(
            _model("CharterGroupObjectPermission")
            .objects.filter(group__user=user, permission__codename="coordinate_charter")
            .values_list("content_object_id", flat=True)
        )
        member = set(coordinated)
        if user.organisation_id:
            member |= set(
                _model("Partnership")
                .objects.filter(organisation_id=user.organisation_id, archived_at__isnull=True)
                .values_list("charter_id", flat=True)
            )
        cached = {"member": frozenset(member), "coordinated": frozenset(coordinated)}
        setattr(user, _CACHE, cached)
    return cached


def forget_charter_ids(user) -> None:
    """After a change of the user's partnerships or groups within the same request."""
    if user is not None and hasattr(user, _CACHE):
        delattr(user, _CACHE)


def member_charter_ids(user):
    """Ids of the charters the user takes part in (their organisation is a partner, or they coordinate
    it); None means every charter (superuser); an empty set for visitors."""
    if is_anonymous(user):
        return frozenset()
    if user.is_superuser:
        return None
    return _charter_ids(user)["member"]


def coordinated_charter_ids(user):
    """Ids of the charters whose coordination group the user belongs to (`coordinate_charter` granted
    with django-guardian to that group); None means every charter (superuser)."""
    if is_anonymous(user):
        return frozenset()
    if user.is_superuser:
        return None
    return _charter_ids(user)["coordinated"]


def in_member_charters(user, path: str = "charter") -> Q:
    """A condition on rows whose charter (reached by `path`) the user takes part in."""
    ids = member_charter_ids(user)
    return Q() if ids is None else Q(**{f"{path}__in": ids})


def in_coordinated_charters(user, path: str = "charter") -> Q:
    """A condition on rows whose charter (reached by `path`) the user coordinates."""
    ids = coordinated_charter_ids(user)
    return Q() if ids is None else Q(**{f"{path}__in": ids})


class OrganisationQuerySet(models.QuerySet):
    def landlords(self):
        return self.filter(kind=OrganisationKind.LANDLORD)

    def in_charter(self, charter):
        """Partners of the charter (a removed partnership, archived, no longer counts)."""
        return self.filter(
            Exists(
                _model("Partnership").objects.filter(
                    organisation=OuterRef("pk"), charter=charter, archived_at__isnull=True
                )
            )
        )

    def visible_to(self, user):
        """Organisations taking part in a charter the user may see."""
        charters = _model("Charter").objects.visible_to(user).values("pk")
        return self.filter(
            Exists(
                _model("Partnership").objects.filter(
                    organisation=OuterRef("pk"), charter__in=charters, archived_at__isnull=True
                )
            )
        )

    def with_counts(self, user):
        """Number of charters and of residences of each organisation, among those the user may see."""

        def count(queryset):
            return Coalesce(
                Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1]),
                0,
            )

        charters = (
            _model("Partnership")
            .objects.filter(
                organisation=OuterRef("pk"),
                charter__in=_model("Charter").objects.visible_to(user).values("pk"),
                archived_at__isnull=True,
            )
            .values("organisation")
        )
        residences = (
            _model("Residence").objects.visible_to(user).filter(landlord=OuterRef("pk")).values("landlord")
        )
        return self.annotate(charter_count=count(charters), residence_count=count(residences))


class CorrespondentQuerySet(ArchivableQuerySet):
    def editable_by(self, user):
        """The charter's coordinator, or a referent of the correspondent's own organisation (archived
        correspondents are the coordinator's, in the archives page)."""
        if is_anonymous(user):
            return self.none()
        condition = in_coordinated_charters(user)
        if user.role == Role.REFERENT and user.organisation_id:
            condition |= Q(organisation_id=user.organisation_id) & in_member_charters(user)
        return self.live().filter(condition)


class CharterQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def coordinated_by(self, user):
        """Charters the user coordinates."""
        if is_anonymous(user):
            return self.none()
        return self.filter(in_coordinated_charters(user, "pk"))

    def member_of(self, user):
        """Charters the user takes part in: their organisation is a partner, or they coordinate it."""
        if is_anonymous(user):
            return self.none()
        return self.filter(in_member_charters(user, "pk"))

    def visible_to(self, user):
        """Published charters, plus those the user takes part in."""
        if is_anonymous(user):
            return self.published()
        ids = member_charter_ids(user)
        if ids is None:
            return self.all()
        return self.filter(Q(is_published=True) | Q(pk__in=ids))


class TerritoryQuerySet(ArchivableQuerySet):
    def visible_to(self, user):
        """Members of a charter see all its territories; everybody else only published ones of published
        charters. Archived territories are shown to nobody (see `reachable_by`)."""
        public = Q(is_published=True, charter__is_published=True)
        live = self.live()
        if is_anonymous(user):
            return live.filter(public)
        ids = member_charter_ids(user)
        return live if ids is None else live.filter(public | Q(charter__in=ids))

    def reachable_by(self, user):
        """What `visible_to` shows, plus the archived territories of the charters the user coordinates: a
        link from another record keeps leading somewhere (the page says « archivé »)."""
        return self.visible_to(user) | self.archived_for(user)

    def archived_for(self, user):
        if is_anonymous(user):
            return self.none()
        return self.filter(in_coordinated_charters(user)).exclude(live_q(self.model))

    def editable_by(self, user):
        if is_anonymous(user):
            return self.none()
        return self.live().filter(in_coordinated_charters(user))


class ResidenceQuerySet(ArchivableQuerySet):
    def with_related(self):
        return self.select_related("territory__charter", "landlord")

    def of_landlord(self, organisation):
        return self.filter(landlord=organisation)

    def in_charter(self, charter):
        return self.filter(territory__charter=charter)

    def visible_to(self, user):
        """Residences of the charters the user takes part in, and published ones; never archived ones (nor
        those of an archived quarter)."""
        public = Q(territory__is_published=True, territory__charter__is_published=True)
        live = self.live()
        if is_anonymous(user):
            return live.filter(public)
        ids = member_charter_ids(user)
        return live if ids is None else live.filter(public | Q(territory__charter__in=ids))

    def reachable_by(self, user):
        """What `visible_to` shows, plus the archived residences of the charters the user coordinates."""
        if is_anonymous(user):
            return self.visible_to(user)
        archived = self.filter(in_coordinated_charters(user, "territory__charter")).exclude(
            live_q(self.model)
        )
        return self.visible_to(user) | archived

    def editable_by(self, user):
        """The coordinator edits every residence of their charters; a landlord referent those of their
        landlord (`change_residence` granted to the landlord's group). Committee members edit nothing.
        Archived residences are edited by no one until restored."""
        if is_anonymous(user):
            return self.none()
        if user.is_superuser:
            return self.live()
        condition = in_coordinated_charters(user, "territory__charter")
        if user.role == Role.REFERENT:
            granted = _model("ResidenceGroupObjectPermission").objects.filter(
                group__user=user, permission__codename="change_residence"
            )
            condition |= Q(pk__in=granted.values("content_object_id"))
        return self.live().filter(condition)

    def total_dwellings(self) -> int:
        return self.aggregate(total=Sum("dwellings"))["total"] or 0


class ThemeQuerySet(ArchivableQuerySet):
    def editable_by(self, user):
        """Themes (and their orientations) are the coordinator's."""
        if is_anonymous(user):
            return self.none()
        return self.live().filter(in_coordinated_charters(user))

    def with_orientations(self):
        return self.prefetch_related("sub_themes__orientations", "orientations")


class UserQuerySet(models.QuerySet):
    """Reads of accounts (`User.objects`, with the methods of Django's `UserManager`)."""

    def of_charter_partners(self, charter):
        """Accounts of the organisations taking part in the charter (live partnerships)."""
        partners = _model("Partnership").objects.filter(charter=charter, archived_at__isnull=True)
        return self.filter(organisation__in=partners.values("organisation"))

    def manageable_by(self, user, charter):
        """Accounts whose role and state the user may change in the charter: the coordinator's, for the
        accounts of the charter's partners; never an operator's or a superuser's, nor the coordinator of a
        charter the user does not coordinate (changing their role would act on that other charter)."""
        if is_anonymous(user):
            return self.none()
        ids = coordinated_charter_ids(user)
        if ids is not None and charter.pk not in ids:
            return self.none()
        queryset = self.of_charter_partners(charter).filter(is_superuser=False, is_operator=False)
        if ids is not None:
            other_coordination = _model("Charter").objects.exclude(pk__in=ids).values("coordination_group")
            queryset = queryset.exclude(groups__in=other_coordination)
        return queryset

    def never_logged_in(self):
        return self.filter(last_login__isnull=True)
