"""The governance pages keep a constant number of SQL queries as data grows (measured at two sizes)."""

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.models import ProjectSheet
from charter.models import Organisation, User
from governance import services
from governance.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Committee,
    CommitteeKind,
    Decision,
    Meeting,
    MeetingStatus,
)
from tests.governance.conftest import add_member, plan

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
            seat = add_member(technical, landlord, full_name=f"Membre {i}", email=f"m{i}@example.org")
            add_member(technical, landlord, full_name=f"Sans courriel {i}")
            Attendance.objects.create(meeting=held, member=seat, status=AttendanceStatus.PRESENT)
        meeting = plan(technical, FUTURE + dt.timedelta(days=i))
        for order, sheet in enumerate(sheets, start=1):
            AgendaItem.objects.create(meeting=meeting, order=order, title=f"Point {i}", sheet=sheet)
            AgendaItem.objects.create(meeting=held, order=100 + i, title=f"Point {i}", sheet=sheet)
        decision = Decision.objects.create(meeting=held, text=f"Décision {i}", order=i)
        decision.sheets.set(sheets)
        public_meeting = plan(public, FUTURE + dt.timedelta(days=i), place="Le Romarin")
        AgendaItem.objects.create(meeting=public_meeting, order=1, title=f"Échanges {i}")
        Committee.objects.create(
            charter=technical.charter,
            kind=CommitteeKind.WORKING_GROUP,
            name=f"Sous-groupe {i}",
            theme=vitrolles["wg_a"].theme,
            parent=vitrolles["wg_a"],
            max_months_between_meetings=2,
        )


def pages(vitrolles, held, feed) -> list[tuple[str, bool]]:
    """(url, public): public pages are also measured for anonymous visitors."""
    technical = vitrolles["technical"]
    steering_meeting = Meeting.objects.get(committee=vitrolles["steering"], minutes__isnull=False)
    return [
        (reverse("governance:committee_list", args=["vitrolles-2007"]), True),
        (reverse("governance:public_meetings", args=["vitrolles-2007"]), True),
        (reverse("governance:public_feed", args=["vitrolles-2007"]), True),
        (reverse("governance:private_feed", args=[feed.token]), True),
        (reverse("governance:committee_detail", args=[technical.pk]), False),
        (reverse("governance:committee_rhythm", args=[technical.pk]), False),
        (reverse("governance:committee_detail", args=[vitrolles["wg_a"].pk]), False),
        (held.get_absolute_url(), False),
        (steering_meeting.get_absolute_url(), False),
        (reverse("governance:my_calendar"), False),
    ]


def measure(client, urls, anonymous: bool) -> dict[str, int]:
    counts = {}
    for url, public in urls:
        if anonymous and not public:
            continue
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries)
    return counts


@pytest.mark.parametrize("username", [None, "coordination", "comite"])
def test_query_counts_do_not_grow_with_data(vitrolles, client_as, username):
    held = plan(vitrolles["technical"], dt.date(2007, 12, 4))
    held.status = MeetingStatus.HELD
    held.save()
    feed = services.regenerate_feed(user=User.objects.get(username="comite"))
    client = client_as(username)
    urls = pages(vitrolles, held, feed)
    grow(vitrolles, held, 2)
    measure(client, urls, username is None)  # warm the per-process caches (content types)
    small = measure(client, urls, username is None)
    grow(vitrolles, held, 6)
    large = measure(client, urls, username is None)
    assert large == small
    assert Meeting.objects.filter(committee=vitrolles["technical"]).count() >= 8 + 6
