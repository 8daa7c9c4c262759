"""Planning a year from a recurrence rule (dateutil's rrule), French public holidays skipped."""

import datetime as dt

from governance.planning import year_plan

D = dt.date
VITROLLES = {"period_start": D(2007, 1, 1), "period_end": D(2009, 12, 31)}


def test_second_tuesday_of_odd_months_2007_skips_victory_day():
    plan = year_plan(year=2007, months=[1, 3, 5, 7, 9, 11], weekday=1, position=2, **VITROLLES)
    assert plan.dates == [D(2007, 1, 9), D(2007, 3, 13), D(2007, 7, 10), D(2007, 9, 11), D(2007, 11, 13)]
    assert plan.holidays == [(D(2007, 5, 8), "Fête de la Victoire")]


def test_last_friday_and_taken_days():
    plan = year_plan(year=2008, months=[6, 12], weekday=4, position=-1, taken=[D(2008, 6, 27)], **VITROLLES)
    assert plan.dates == [D(2008, 12, 26)]
    assert plan.taken == [D(2008, 6, 27)]


def test_a_rule_with_no_occurrence():
    plan = year_plan(year=2007, months=[2], weekday=0, position=5, **VITROLLES)
    assert plan.dates == [] and plan.holidays == [] and plan.outside == []


def test_days_outside_the_period():
    plan = year_plan(
        year=2007, months=[1, 2], weekday=0, position=2, period_start=D(2007, 2, 1), period_end=D(2009, 1, 1)
    )
    assert plan.dates == [D(2007, 2, 12)]
    assert plan.outside == [D(2007, 1, 8)]


def test_new_years_day_is_a_holiday():
    plan = year_plan(year=2007, months=[1], weekday=0, position=1, **VITROLLES)
    assert plan.dates == []
    assert plan.holidays == [(D(2007, 1, 1), "Jour de l'an")]
