"""Reads of the satisfaction surveys: every partner of the charter reads them; the coordinator and the
landlord's own referents record and edit them; the public reads none."""

from django.db import models
from django.db.models import Q

from charter.querysets import in_coordinated_charters, in_member_charters
from gusp.core.users import is_anonymous


def _members(queryset, user, charter: str):
    if is_anonymous(user):
        return queryset.none()
    return queryset.filter(in_member_charters(user, charter))


def _coordinator_or_landlord(queryset, user, *, charter: str, landlord: str):
    if is_anonymous(user):
        return queryset.none()
    if user.is_superuser:
        return queryset.all()
    condition = in_coordinated_charters(user, charter)
    if user.is_referent and user.organisation_id:
        condition |= Q(**{landlord: user.organisation_id}) & in_member_charters(user, charter)
    return queryset.filter(condition)


class SurveyQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _members(self, user, "charter")

    def editable_by(self, user):
        """The coordinator, and the referents of the survey's landlord."""
        return _coordinator_or_landlord(self, user, charter="charter", landlord="landlord_id")

    def with_related(self):
        return self.select_related("charter", "landlord")

    def representative(self):
        return self.filter(method="representative")


class SurveyQuestionQuerySet(models.QuerySet):
    def editable_by(self, user):
        return _coordinator_or_landlord(self, user, charter="survey__charter", landlord="survey__landlord_id")
