"""The daily beat task reminds the coordinators when a committee is about to miss its rhythm, once per
committee and due date."""

import datetime as dt

import pytest
from django.conf import settings

from governance import services, tasks
from governance.models import RhythmReminder
from tests.factories import MeetingFactory, OrganisationFactory, UserFactory
from tests.utils import run_jobs

D = dt.date


@pytest.fixture
def charter(charter):
    """The charter of 2010 to 2012 (`charter` of the governance fixtures), and its coordinator, who has an
    e-mail address."""
    UserFactory(
        coordinator=True,
        charters=[charter],
        organisation=OrganisationFactory(kind="commune"),
        email="coordination@example.org",
    )
    return charter


def test_the_coordinator_is_reminded_once(technical, mailoutbox):
    MeetingFactory(committee=technical, day=D(2010, 1, 20))
    assert services.remind_rhythm(today=D(2010, 3, 10)) == 1  # due by 31 March, nothing planned
    assert services.remind_rhythm(today=D(2010, 3, 11)) == 0  # same due date: no second e-mail
    assert mailoutbox == []  # queued with the reminder, sent by the job
    run_jobs()
    (message,) = mailoutbox
    assert message.to == ["coordination@example.org"]
    assert "Comité technique" in message.body
    assert "31/03/2010" in message.body
    assert RhythmReminder.objects.get().due_on == D(2010, 3, 31)


def test_no_reminder_when_the_next_meeting_is_planned(technical, mailoutbox):
    MeetingFactory(committee=technical, day=D(2010, 1, 20))
    MeetingFactory(committee=technical, day=D(2010, 3, 16))
    assert services.remind_rhythm(today=D(2010, 3, 10)) == 0
    assert mailoutbox == []


def test_no_reminder_far_from_the_due_date_or_outside_the_period(technical, mailoutbox):
    MeetingFactory(committee=technical, day=D(2010, 1, 20))
    assert services.remind_rhythm(today=D(2010, 1, 25)) == 0
    assert services.remind_rhythm(today=D(2013, 6, 1)) == 0
    assert mailoutbox == []


def test_a_late_committee_is_reminded(technical, mailoutbox):
    assert services.remind_rhythm(today=D(2010, 4, 15)) == 1
    run_jobs()
    assert "attendue depuis le 31/03/2010" in mailoutbox[0].body


def test_the_beat_schedule_runs_the_task_daily():
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == tasks.remind_rhythm.name)
    assert entry["schedule"].hour == {7}


def test_an_announced_miss_is_told_again_once_it_happens(technical, mailoutbox):
    MeetingFactory(committee=technical, day=D(2010, 1, 20))
    assert services.remind_rhythm(today=D(2010, 3, 10)) == 1  # about to miss 31 March
    assert services.remind_rhythm(today=D(2010, 4, 2)) == 1  # 31 March passed with no meeting: late
    assert services.remind_rhythm(today=D(2010, 4, 3)) == 0
    assert sorted(RhythmReminder.objects.values_list("state", flat=True)) == ["late", "soon"]
