"""Reads of the syntheses. Views look them up through `visible_to(user)` or `downloadable_by(user)`: a
synthesis the user may not read is a 404, never loaded first.

Who sees what:
- every partner of a charter (committee members, referents, the coordinator) sees all its syntheses, in
  both variants, with who asked for them and when;
- everybody sees the public versions the coordinator published, of published charters, once their file
  is ready."""

from django.db import models
from django.db.models import Q

from charter.querysets import in_member_charters
from gusp.core.users import is_anonymous

from .choices import Variant


def published_q() -> Q:
    return (
        Q(variant=Variant.PUBLIC, published_at__isnull=False, charter__is_published=True)
        & ~Q(file="")
        & ~Q(checksum="")
    )


class SynthesisQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related(
            "charter", "theme", "territory", "requested_by", "job", "meeting__committee"
        )

    def published(self):
        """Public versions published by the coordinator, of published charters, with their file."""
        return self.filter(published_q())

    def of_member_charters(self, user):
        """Every synthesis of the charters the user takes part in."""
        if is_anonymous(user):
            return self.none()
        return self.filter(in_member_charters(user))

    def visible_to(self, user):
        """The partners' syntheses of their charters, and the published public versions."""
        if is_anonymous(user):
            return self.published()
        return self.filter(in_member_charters(user) | published_q())

    def downloadable_by(self, user):
        """Those whose file the user may download: visible, and attached."""
        return self.visible_to(user).exclude(file="").exclude(checksum="")

    def for_meeting(self, meeting):
        return self.filter(meeting=meeting)
