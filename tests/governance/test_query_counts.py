"""The governance pages keep a constant number of SQL queries as data grows, under a recorded ceiling.

Each page is measured, per role, at two sizes of the demo data: the counts must be equal (`large ==
small`) and equal to the ones recorded in `__snapshots__/test_query_counts.ambr` (`small == snapshot`:
one entry per role, page name → number of queries). When a page changes on purpose, run this file with
`--snapshot-update` (see `tests/test_query_counts.py`), read the diff of the `.ambr` file and commit it
with the change."""

import datetime as dt
import itertools

import pytest
from django.urls import reverse

from actions.models import ProjectSheet
from charter.models import Organisation, User
from governance import services
from governance.models import AgendaItem, Attendance, AttendanceStatus, Decision, Meeting
from tests.factories import CommitteeFactory, CommitteeMemberFactory, MeetingFactory
from tests.utils import assert_query_counts, count_queries

_counter = itertools.count(1)
FUTURE = dt.date.today() + dt.timedelta(days=20)


def grow(vitrolles, held, n: int) -> None:
    """Add n of everything the pages list: seats, meetings with agenda items, attendance and decisions
    linked to sheets, public meetings, sub-groups."""
    technical, public = vitrolles["technical"], vitrolles["public_meeting"]
    landlords = list(Organisation.objects.filter(slug__in=["opac-sud", "logirem", "famille-et-provence"]))
    sheets = list(ProjectSheet.objects.filter(charter=technical.charter)[:3])
    for _ in range(n):
        i = next(_counter)
        for landlord in landlords:
            seat = CommitteeMemberFactory(
                committee=technical, organisation=landlord, full_name=f"Membre {i}", email=f"m{i}@example.org"
            )
            CommitteeMemberFactory(committee=technical, organisation=landlord, full_name=f"Sans courriel {i}")
            Attendance.objects.create(meeting=held, member=seat, status=AttendanceStatus.PRESENT)
        meeting = MeetingFactory(committee=technical, day=FUTURE + dt.timedelta(days=i))
        for order, sheet in enumerate(sheets, start=1):
            AgendaItem.objects.create(meeting=meeting, order=order, title=f"Point {i}", sheet=sheet)
            AgendaItem.objects.create(meeting=held, order=100 + i, title=f"Point {i}", sheet=sheet)
        decision = Decision.objects.create(meeting=held, text=f"Décision {i}", order=i)
        decision.sheets.set(sheets)
        public_meeting = MeetingFactory(
            committee=public, day=FUTURE + dt.timedelta(days=i), place="Le Romarin"
        )
        AgendaItem.objects.create(meeting=public_meeting, order=1, title=f"Échanges {i}")
        CommitteeFactory(
            charter=technical.charter,
            working_group=True,
            name=f"Sous-groupe {i}",
            theme=vitrolles["wg_a"].theme,
            parent=vitrolles["wg_a"],
        )


# Pages that anonymous visitors open too.
PUBLIC_PAGES = {"committee_list", "public_meetings", "public_feed", "private_feed"}


def pages(vitrolles, held, feed, *, public_only: bool) -> dict[str, str]:
    technical = vitrolles["technical"]
    steering_meeting = Meeting.objects.get(committee=vitrolles["steering"], minutes__isnull=False)
    urls = {
        "committee_list": reverse("governance:committee_list", args=["vitrolles-2007"]),
        "public_meetings": reverse("governance:public_meetings", args=["vitrolles-2007"]),
        "public_feed": reverse("governance:public_feed", args=["vitrolles-2007"]),
        "private_feed": reverse("governance:private_feed", args=[feed.token]),
        "technical_committee": reverse("governance:committee_detail", args=[technical.pk]),
        "technical_committee_rhythm": reverse("governance:committee_rhythm", args=[technical.pk]),
        "working_group": reverse("governance:committee_detail", args=[vitrolles["wg_a"].pk]),
        "held_meeting": held.get_absolute_url(),
        "steering_meeting_with_minutes": steering_meeting.get_absolute_url(),
        "my_calendar": reverse("governance:my_calendar"),
    }
    return {name: url for name, url in urls.items() if name in PUBLIC_PAGES or not public_only}


@pytest.mark.parametrize("username", ["anonymous", "coordination", "comite"])
def test_query_counts_do_not_grow_with_data(vitrolles, client_as, snapshot, username):
    anonymous = username == "anonymous"
    held = MeetingFactory(committee=vitrolles["technical"], day=dt.date(2007, 12, 4), held=True)
    feed = services.regenerate_feed(user=User.objects.get(username="comite"))
    client = client_as(None if anonymous else username)
    urls = pages(vitrolles, held, feed, public_only=anonymous)
    grow(vitrolles, held, 2)
    count_queries(client, urls)  # warm the per-process caches (content types)
    small = count_queries(client, urls)
    grow(vitrolles, held, 6)
    large = count_queries(client, urls)
    assert_query_counts(small, large, snapshot)
    assert Meeting.objects.filter(committee=vitrolles["technical"]).count() >= 8 + 6
