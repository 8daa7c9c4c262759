"""The daily beat task reminds the coordinators when a committee is about to miss its rhythm, once per
committee and due date."""

import datetime as dt

import pytest
from django.conf import settings

from governance import services, tasks
from governance.models import Committee, CommitteeKind, RhythmReminder
from tests.factories import CharterFactory, OrganisationFactory, UserFactory
from tests.governance.conftest import plan

D = dt.date


@pytest.fixture
def charter(db):
    charter = CharterFactory(starts_on=D(2010, 1, 1), ends_on=D(2012, 12, 31))
    coordinator = UserFactory(
        coordinator=True, charters=[charter], organisation=OrganisationFactory(kind="commune")
    )
    coordinator.email = "coordination@example.org"
    coordinator.save()
    return charter


@pytest.fixture
def technical(charter):
    return Committee.objects.create(
        charter=charter, kind=CommitteeKind.TECHNICAL, name="Comité technique", max_months_between_meetings=2
    )


def test_the_coordinator_is_reminded_once(technical, mailoutbox):
    plan(technical, D(2010, 1, 20))
    assert services.remind_rhythm(today=D(2010, 3, 10)) == 1  # due by 31 March, nothing planned
    assert services.remind_rhythm(today=D(2010, 3, 11)) == 0  # same due date: no second e-mail
    (message,) = mailoutbox
    assert message.to == ["coordination@example.org"]
    assert "Comité technique" in message.body
    assert "31/03/2010" in message.body
    assert RhythmReminder.objects.get().due_on == D(2010, 3, 31)


def test_no_reminder_when_the_next_meeting_is_planned(technical, mailoutbox):
    plan(technical, D(2010, 1, 20))
    plan(technical, D(2010, 3, 16))
    assert services.remind_rhythm(today=D(2010, 3, 10)) == 0
    assert mailoutbox == []


def test_no_reminder_far_from_the_due_date_or_outside_the_period(technical, mailoutbox):
    plan(technical, D(2010, 1, 20))
    assert services.remind_rhythm(today=D(2010, 1, 25)) == 0
    assert services.remind_rhythm(today=D(2013, 6, 1)) == 0
    assert mailoutbox == []


def test_a_late_committee_is_reminded(technical, mailoutbox):
    assert services.remind_rhythm(today=D(2010, 4, 15)) == 1
    assert "attendue depuis le 31/03/2010" in mailoutbox[0].body


def test_the_beat_schedule_runs_the_task_daily():
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == tasks.remind_rhythm.name)
    assert entry["schedule"].hour == {7}


def test_an_announced_miss_is_told_again_once_it_happens(technical, mailoutbox):
    plan(technical, D(2010, 1, 20))
    assert services.remind_rhythm(today=D(2010, 3, 10)) == 1  # about to miss 31 March
    assert services.remind_rhythm(today=D(2010, 4, 2)) == 1  # 31 March passed with no meeting: late
    assert services.remind_rhythm(today=D(2010, 4, 3)) == 0
    assert sorted(RhythmReminder.objects.values_list("state", flat=True)) == ["late", "soon"]
