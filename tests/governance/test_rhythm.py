"""The rhythm of a committee (section VI) on its edge cases: one function, `committee_rhythm`, on
committees and meetings built with the factories (`charter`, `technical` and `steering` fixtures: a charter
running from 2010 to 2012)."""

import datetime as dt

from governance import services
from governance.choices import MeetingStatus
from governance.models import Committee
from governance.planning import year_plan
from governance.rhythm import committee_rhythm
from tests.factories import AmendmentFactory, CommitteeFactory, MeetingFactory

D = dt.date


def rhythm(committee, today, *, declare_held=True):
    """The rhythm seen on `today`; by default the meetings before that day were held and declared so."""
    if declare_held:
        for meeting in committee.meetings.filter(status=MeetingStatus.PLANNED):
            if meeting.local_date <= today:
                services.mark_held(meeting=meeting)
    committee = Committee.objects.select_related("charter").get(pk=committee.pk)
    return committee_rhythm(committee, today=today)


def test_no_meeting_at_all(technical):
    result = rhythm(technical, D(2010, 8, 15))
    assert result.counted == 0
    assert not result.is_kept
    assert result.is_overdue
    # Due by the end of March, then of May, then of July: three meetings missing so far.
    assert [s.due_on for s in result.shortfalls] == [D(2010, 3, 31), D(2010, 5, 31), D(2010, 7, 31)]
    assert all(s.met_on is None for s in result.shortfalls)
    assert result.next_due == D(2010, 3, 31)
    assert result.status == "missed"


def test_no_meeting_before_the_first_due_date_is_not_late(technical):
    assert rhythm(technical, D(2010, 2, 10)).status == "ok"
    result = rhythm(technical, D(2010, 3, 10))
    assert result.is_kept and not result.is_overdue
    assert result.next_due == D(2010, 3, 31)
    assert result.about_to_miss  # less than 30 days away, nothing planned
    assert result.status == "soon"


def test_meetings_exactly_two_months_apart_keep_the_rhythm(technical):
    for day in [D(2010, 1, 15), D(2010, 3, 15), D(2010, 5, 15), D(2010, 7, 15)]:
        MeetingFactory(committee=technical, day=day)
    result = rhythm(technical, D(2010, 8, 1))
    assert result.is_kept
    assert result.shortfalls == []
    assert result.next_due == D(2010, 9, 30)
    assert result.status == "ok"


def test_a_gap_over_two_months_across_a_year_boundary(technical):
    for day in [
        D(2010, 2, 20),
        D(2010, 4, 20),
        D(2010, 6, 20),
        D(2010, 8, 20),
        D(2010, 10, 20),
        D(2010, 12, 15),
    ]:
        MeetingFactory(committee=technical, day=day)
    MeetingFactory(
        committee=technical, day=D(2011, 3, 2)
    )  # after December, due by the end of February 2011: late
    result = rhythm(technical, D(2011, 3, 10))
    assert [(s.due_on, s.met_on) for s in result.shortfalls] == [(D(2011, 2, 28), D(2011, 3, 2))]
    assert not result.is_kept
    assert not result.is_overdue  # it met since: the next meeting is due by the end of May
    assert result.next_due == D(2011, 5, 31)


def test_a_cancelled_meeting_does_not_count(technical):
    MeetingFactory(committee=technical, day=D(2010, 2, 1))
    MeetingFactory(committee=technical, day=D(2010, 4, 1), cancelled=True)
    result = rhythm(technical, D(2010, 5, 5))
    assert result.counted == 1
    assert [s.due_on for s in result.shortfalls] == [D(2010, 4, 30)]
    assert result.is_overdue


def test_a_planned_meeting_before_the_due_date_covers_it(technical):
    MeetingFactory(committee=technical, day=D(2010, 1, 20))
    MeetingFactory(committee=technical, day=D(2010, 3, 18))
    result = rhythm(technical, D(2010, 3, 1))
    assert result.next_due == D(2010, 3, 31)
    assert result.next_planned == D(2010, 3, 18)
    assert not result.about_to_miss
    assert result.status == "ok"


def test_steering_committee_twice_a_year(steering):
    MeetingFactory(committee=steering, day=D(2010, 3, 1))
    MeetingFactory(committee=steering, day=D(2010, 10, 1))
    MeetingFactory(committee=steering, day=D(2011, 6, 1))
    result = rhythm(steering, D(2012, 2, 1))
    # 2010 kept; 2011 lacks one meeting (due on its last day); 2012 is under way.
    assert [(s.due_on, s.met_on) for s in result.shortfalls] == [(D(2011, 12, 31), None)]
    assert result.next_due == D(2012, 12, 31)
    assert not result.about_to_miss


def test_steering_committee_about_to_miss_its_year(steering):
    MeetingFactory(committee=steering, day=D(2010, 3, 1))
    result = rhythm(steering, D(2010, 12, 10))
    assert result.next_due == D(2010, 12, 31)
    assert result.about_to_miss
    MeetingFactory(committee=steering, day=D(2010, 12, 20))
    assert not rhythm(steering, D(2010, 12, 10)).about_to_miss


def test_meetings_outside_the_period_do_not_count_and_nothing_is_due_after_it(technical):
    MeetingFactory(committee=technical, day=D(2009, 12, 1))
    result = rhythm(technical, D(2013, 6, 1))
    assert result.counted == 0
    assert result.next_due is None
    assert len(result.shortfalls) == 17  # the ends of March, May, … November 2010, 2011 and 2012


def test_an_amendment_extends_the_period(technical, charter):
    AmendmentFactory(
        charter=charter, signed_on=D(2012, 6, 1), starts_on=D(2013, 1, 1), extends_to=D(2015, 12, 31)
    )
    result = rhythm(technical, D(2013, 6, 1))
    assert result.period_end == D(2015, 12, 31)
    assert result.next_due == D(2010, 3, 31)


def test_a_committee_without_rule(charter):
    body = CommitteeFactory(charter=charter, landlords_body=True)
    MeetingFactory(committee=body, day=D(2010, 5, 1))
    result = rhythm(body, D(2011, 1, 1))
    assert result.status == "none"
    assert result.counted == 1
    assert result.next_due is None


def test_second_tuesdays_of_odd_months_keep_the_rhythm(technical, charter):
    """The recurrence the charter's coordinators use (planned with `year_plan`) keeps the bimonthly rule,
    although two second Tuesdays may be a few days more than two months apart."""
    days = year_plan(
        year=2010,
        months=[1, 3, 5, 7, 9, 11],
        weekday=1,
        position=2,
        period_start=charter.starts_on,
        period_end=charter.ends_on,
    ).dates
    assert days[:2] == [D(2010, 1, 12), D(2010, 3, 9)] and D(2010, 5, 11) in days
    for day in days:
        MeetingFactory(committee=technical, day=day)
    result = rhythm(technical, D(2010, 12, 31))
    assert result.is_kept
    assert result.next_due == D(2011, 1, 31)


def test_a_past_meeting_never_declared_held_does_not_count(technical):
    """Planning meetings is not meeting: until the coordinator declares them held, they keep nothing."""
    for day in [D(2010, 2, 2), D(2010, 4, 6), D(2010, 6, 1)]:
        MeetingFactory(committee=technical, day=day)
    assert not rhythm(technical, D(2010, 7, 15), declare_held=False).is_kept
    assert rhythm(technical, D(2010, 7, 15)).is_kept
