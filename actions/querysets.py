from django.db import models
from django.db.models import Q


class ProjectSheetQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Members of the charter see every sheet; others only published sheets of published charters."""
        from charter.models import Charter

        public = Q(is_published=True, charter__is_published=True)
        if user is None or not user.is_authenticated:
            return self.filter(public)
        return self.filter(public | Q(charter__in=Charter.objects.member_of(user).values("pk")))
