"""Reads of the TFPB programmes. Lookups go through `visible_to(user)` or `editable_by(user)`: a landlord's
programme is a 404 for whoever may not edit it, and the public sees only the reports the steering committee
validated and published (`public()`).

- every partner of the charter reads its conventions, programmes, reports and comments;
- the coordinator keeps the conventions and edits every programme; a landlord's referents edit their own
  landlord's programmes (its reports and actions), nothing else;
- committee members and visitors edit nothing."""

from django.db import models
from django.db.models import Q

from charter.querysets import in_coordinated_charters, in_member_charters
from gusp.core.users import is_anonymous

from .choices import ReportState


def _members(queryset, user, charter: str):
    if is_anonymous(user):
        return queryset.none()
    return queryset.filter(in_member_charters(user, charter))


def _coordinators(queryset, user, charter: str):
    if is_anonymous(user):
        return queryset.none()
    return queryset.filter(in_coordinated_charters(user, charter))


def _coordinator_or_landlord(queryset, user, *, charter: str, landlord: str):
    """Rows of the charters the user coordinates, and, for a referent, rows of their own landlord in the
    charters it takes part in."""
    if is_anonymous(user):
        return queryset.none()
    if user.is_superuser:
        return queryset.all()
    condition = in_coordinated_charters(user, charter)
    if user.is_referent and user.organisation_id:
        condition |= Q(**{landlord: user.organisation_id}) & in_member_charters(user, charter)
    return queryset.filter(condition)


def published_q(prefix: str = "") -> Q:
    """Validated and published by the steering committee, in a published charter: what the public reads."""
    return Q(
        **{
            f"{prefix}state": ReportState.VALIDATED,
            f"{prefix}published_at__isnull": False,
            f"{prefix}quarter__convention__charter__is_published": True,
        }
    )


class ConventionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _members(self, user, "charter")

    def editable_by(self, user):
        """Conventions are kept by the coordination."""
        return _coordinators(self, user, "charter")

    def programmable_by(self, user):
        """Conventions whose programmes the user enters: the coordinator's charters, a referent's landlord."""
        return _coordinator_or_landlord(self, user, charter="charter", landlord="landlord_id")

    def with_related(self):
        return self.select_related("charter", "landlord")


class ConventionQuarterQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _members(self, user, "convention__charter")

    def editable_by(self, user):
        return _coordinators(self, user, "convention__charter")


class TfpbReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _members(self, user, "quarter__convention__charter")

    def editable_by(self, user):
        """The coordinator, and the referents of the report's landlord."""
        return _coordinator_or_landlord(
            self, user, charter="quarter__convention__charter", landlord="quarter__convention__landlord_id"
        )

    def validatable_by(self, user):
        """The coordination records the steering committee's decisions."""
        return _coordinators(self, user, "quarter__convention__charter")

    def public(self):
        return self.filter(published_q())

    def readable_by(self, user):
        """The partners of its charter, and everybody for a published report."""
        if is_anonymous(user):
            return self.public()
        if user.is_superuser:
            return self.all()
        return self.filter(published_q() | in_member_charters(user, "quarter__convention__charter"))

    def to_validate(self):
        return self.filter(state=ReportState.SUBMITTED)

    def with_related(self):
        return self.select_related(
            "quarter__convention__charter",
            "quarter__convention__landlord",
            "quarter__territory",
            "decision__meeting__committee",
            "submitted_by",
            "validated_by",
        )


class TfpbActionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _members(self, user, "report__quarter__convention__charter")

    def editable_by(self, user):
        return _coordinator_or_landlord(
            self,
            user,
            charter="report__quarter__convention__charter",
            landlord="report__quarter__convention__landlord_id",
        )

    def with_related(self):
        return self.select_related("sheet", "action").prefetch_related("findings__category")


class CommentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _members(self, user, "report__quarter__convention__charter")
