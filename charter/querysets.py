"""Reads of the charter registry, named after the domain. Every view looks objects up through
`visible_to(user)` or `editable_by(user)`, so that what a user may not see is a 404, never loaded first."""

from django.db import models
from django.db.models import Exists, F, Func, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce


def _is_anonymous(user) -> bool:
    return user is None or not user.is_authenticated


class OrganisationQuerySet(models.QuerySet):
    def landlords(self):
        return self.filter(kind="landlord")

    def in_charter(self, charter):
        return self.filter(partnerships__charter=charter)

    def visible_to(self, user):
        """Organisations taking part in a charter the user may see."""
        from .models import Charter, Partnership

        return self.filter(
            Exists(
                Partnership.objects.filter(
                    organisation=OuterRef("pk"), charter__in=Charter.objects.visible_to(user).values("pk")
                )
            )
        )

    def with_counts(self, user):
        """Number of charters and of residences of each organisation, among those the user may see."""
        from .models import Charter, Partnership, Residence

        def count(queryset):
            return Coalesce(
                Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1]),
                0,
            )

        charters = Partnership.objects.filter(
            organisation=OuterRef("pk"), charter__in=Charter.objects.visible_to(user).values("pk")
        ).values("organisation")
        residences = Residence.objects.visible_to(user).filter(landlord=OuterRef("pk")).values("landlord")
        return self.annotate(charter_count=count(charters), residence_count=count(residences))


class CorrespondentQuerySet(models.QuerySet):
    def editable_by(self, user):
        """The charter's coordinator, or a referent of the correspondent's own organisation."""
        from .models import Charter

        if _is_anonymous(user) or not user.is_active:
            return self.none()
        condition = Q(charter__in=Charter.objects.coordinated_by(user).values("pk"))
        if user.is_referent and user.organisation_id:
            condition |= Q(
                organisation_id=user.organisation_id, charter__in=Charter.objects.member_of(user).values("pk")
            )
        return self.filter(condition)


class CharterQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def coordinated_by(self, user):
        """Charters the user coordinates: `coordinate_charter` granted to the charter's coordination group."""
        if _is_anonymous(user) or not user.is_active:
            return self.none()
        from guardian.shortcuts import get_objects_for_user

        return get_objects_for_user(user, "charter.coordinate_charter", klass=self, accept_global_perms=False)

    def member_of(self, user):
        """Charters the user takes part in: their organisation is a partner, or they coordinate it."""
        if _is_anonymous(user) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        from .models import Partnership

        partner = Exists(
            Partnership.objects.filter(charter=OuterRef("pk"), organisation_id=user.organisation_id)
        )
        return self.filter(partner | Q(pk__in=self.model.objects.coordinated_by(user).values("pk")))

    def visible_to(self, user):
        """Published charters, plus those the user takes part in."""
        if _is_anonymous(user):
            return self.published()
        return self.filter(Q(is_published=True) | Q(pk__in=self.model.objects.member_of(user).values("pk")))


class TerritoryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Members of a charter see all its territories; everybody else only published ones of published charters."""
        from .models import Charter

        public = Q(is_published=True, charter__is_published=True)
        if _is_anonymous(user):
            return self.filter(public)
        return self.filter(public | Q(charter__in=Charter.objects.member_of(user).values("pk")))

    def editable_by(self, user):
        from .models import Charter

        return self.filter(charter__in=Charter.objects.coordinated_by(user).values("pk"))


class ResidenceQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("territory__charter", "landlord")

    def of_landlord(self, organisation):
        return self.filter(landlord=organisation)

    def in_charter(self, charter):
        return self.filter(territory__charter=charter)

    def visible_to(self, user):
        from .models import Territory

        return self.filter(territory__in=Territory.objects.visible_to(user).values("pk"))

    def editable_by(self, user):
        """The coordinator edits every residence of their charters; a landlord referent those of their
        landlord (`change_residence` granted to the landlord's group). Committee members edit nothing."""
        from .models import Charter

        if _is_anonymous(user) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        condition = Q(territory__charter__in=Charter.objects.coordinated_by(user).values("pk"))
        if user.is_referent:
            from guardian.shortcuts import get_objects_for_user

            granted = get_objects_for_user(
                user, "charter.change_residence", klass=self.model, accept_global_perms=False
            )
            condition |= Q(pk__in=granted.values("pk"))
        return self.filter(condition)

    def total_dwellings(self) -> int:
        return self.aggregate(total=Sum("dwellings"))["total"] or 0


class ThemeQuerySet(models.QuerySet):
    def with_orientations(self):
        return self.prefetch_related("sub_themes__orientations", "orientations")
