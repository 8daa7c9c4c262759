"""Reads of committees and meetings, named after the domain. Views look objects up through these
methods, so that what a user may not see or edit is a 404, never loaded first.

Who sees what:
- a committee is seen by whoever sees its charter; its structure and members are edited by the
  charter's coordinator;
- a meeting's page (agenda, attendance, minutes, decisions) is open to the current members of its
  committee and to the coordinator; public meetings (at le Romarin) of published charters are open to
  everyone, their minutes once published;
- meetings (and their agenda items and decisions) are planned and edited by the coordinator, and for a
  working group (or its sub-groups) by its current rapporteur.
"""

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils import timezone

from charter.models import Charter
from charter.querysets import in_coordinated_charters
from gusp.core.archive import ArchivableQuerySet
from gusp.core.users import is_anonymous

from .choices import CommitteeKind, MeetingStatus, MemberRole


def _model(name: str):
    return apps.get_model("governance", name)


def current_q(on=None, prefix: str = "") -> Q:
    """The one definition of a current seat: joined by that day (today by default), not yet left.
    `prefix` is the path from the rows queried to the seat (e.g. "members__")."""
    on = on or timezone.localdate()
    joined = Q(**{f"{prefix}joined_on__isnull": True}) | Q(**{f"{prefix}joined_on__lte": on})
    not_left = Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": on})
    return joined & not_left


def _current_seats(user):
    """Seats the user holds: their own, and those held by their organisation as such (no named person),
    which every account of the organisation shares."""
    seats = Q(user=user)
    if user.organisation_id is not None:
        seats |= Q(user__isnull=True, full_name="", organisation_id=user.organisation_id)
    return _model("CommitteeMember").objects.current().filter(seats)


def _named_seats(user):
    """Seats held by the user in person (a rapporteur is a person, not an organisation)."""
    return _model("CommitteeMember").objects.current().filter(user=user)


class CommitteeQuerySet(ArchivableQuerySet):
    def for_rhythm(self):
        """What `rhythm.committee_rhythm` reads, fetched at once for many committees."""
        return self.select_related("charter").prefetch_related(
            "charter__amendments",
            models.Prefetch(
                "meetings",
                queryset=_model("Meeting")
                .objects.filter(archived_at__isnull=True)
                .only("id", "committee_id", "starts_at", "status", "archived_at"),
            ),
        )

    def with_member_count(self, on=None):
        """Annotate `member_count`: the current seats (`current_q`)."""
        return self.annotate(
            member_count=models.Count("members", filter=current_q(on, "members__"), distinct=True)
        )

    def visible_to(self, user):
        """Committees of the charters the user sees; never archived ones (see `reachable_by`)."""
        return self.live().filter(charter__in=Charter.objects.visible_to(user).values("pk"))

    def reachable_by(self, user):
        """What `visible_to` shows, plus the archived committees of the charters the user coordinates."""
        if is_anonymous(user):
            return self.visible_to(user)
        return self.visible_to(user) | self.archived().filter(in_coordinated_charters(user))

    def of_member(self, user):
        """Committees where the user holds a current seat."""
        if is_anonymous(user):
            return self.none()
        return self.live().filter(pk__in=_current_seats(user).values("committee_id"))

    def editable_by(self, user):
        """Committees whose structure and members the user edits: those of the charters they coordinate."""
        if is_anonymous(user):
            return self.none()
        return self.live().filter(in_coordinated_charters(user))

    def managed_by(self, user):
        """Committees whose meetings the user plans and edits: the coordinator's, plus the working groups
        (and their sub-groups) of which the user is the current rapporteur."""
        if is_anonymous(user):
            return self.none()
        led = (
            _named_seats(user)
            .filter(role=MemberRole.RAPPORTEUR, committee__kind=CommitteeKind.WORKING_GROUP)
            .values("committee_id")
        )
        return self.live().filter(
            in_coordinated_charters(user)
            | Q(kind=CommitteeKind.WORKING_GROUP, pk__in=led)
            | Q(kind=CommitteeKind.WORKING_GROUP, parent__in=led)
        )

    def with_rules(self):
        return self.exclude(min_meetings_per_year__isnull=True, max_months_between_meetings__isnull=True)


class CommitteeMemberQuerySet(models.QuerySet):
    def current(self, on=None):
        """Seats held on the given day (today by default): joined by then, not yet left (`current_q`)."""
        return self.filter(current_q(on))

    def former(self, on=None):
        return self.filter(left_on__lte=on or timezone.localdate())


class MeetingQuerySet(ArchivableQuerySet):
    def public(self):
        """Public meetings (at le Romarin) of published charters (never archived ones)."""
        return self.live().filter(
            committee__kind=CommitteeKind.PUBLIC_MEETING, committee__charter__is_published=True
        )

    def of_user_committees(self, user):
        """Meetings of the committees where the user holds a current seat, and of every committee of
        the charters they coordinate or whose meetings they manage: the meetings of their calendar."""
        if is_anonymous(user):
            return self.none()
        committees = _model("Committee").objects
        return self.live().filter(
            Q(committee__in=committees.of_member(user).values("pk"))
            | Q(committee__in=committees.managed_by(user).values("pk"))
            | in_coordinated_charters(user, "committee__charter")
        )

    def visible_to(self, user):
        """Meetings whose page (agenda, and for members attendance, minutes and decisions) the user opens."""
        return self.filter(Q(pk__in=self.model.objects.public().values("pk")) | Q(pk__in=self._own(user)))

    def minutes_readable_by(self, user):
        """Meetings whose minutes the user reads: their committees' meetings, and public meetings whose
        minutes are published."""
        published = self.model.objects.public().filter(minutes__published_at__isnull=False).values("pk")
        return self.filter(Q(pk__in=published) | Q(pk__in=self._own(user)))

    def editable_by(self, user):
        return self.live().filter(committee__in=_model("Committee").objects.managed_by(user).values("pk"))

    def reachable_by(self, user):
        """What `visible_to` shows, plus the archived meetings (or meetings of archived committees) of the
        charters the user coordinates."""
        if is_anonymous(user):
            return self.visible_to(user)
        hidden = self.exclude(pk__in=self.live().values("pk")).filter(
            in_coordinated_charters(user, "committee__charter")
        )
        return self.visible_to(user) | hidden

    def counted(self):
        """Meetings that count for the rhythm: every meeting but the cancelled (or archived) ones."""
        return self.live().exclude(status=MeetingStatus.CANCELLED)

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def with_related(self):
        return self.select_related("committee__charter")

    def _own(self, user):
        return self.model.objects.of_user_committees(user).values("pk")


class AgendaItemQuerySet(models.QuerySet):
    def editable_by(self, user):
        """Items of the meetings the user edits."""
        return self.filter(meeting__in=_model("Meeting").objects.editable_by(user).values("pk"))


class DecisionQuerySet(models.QuerySet):
    def editable_by(self, user):
        """Decisions of the meetings the user edits."""
        return self.filter(meeting__in=_model("Meeting").objects.editable_by(user).values("pk"))


class CalendarFeedQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)
