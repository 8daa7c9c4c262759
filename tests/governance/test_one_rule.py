"""A rule written in two forms (a database condition for lists and counts, a Python method for one object
in hand) must say the same thing: each pair is checked on every boundary case, so that one copy cannot
drift from the other."""

import datetime as dt

import pytest

from governance.models import CommitteeMember
from governance.querysets import current_q
from tests.factories import CommitteeFactory, CommitteeMemberFactory

DAY = dt.date(2026, 6, 15)
DATES = [None, DAY - dt.timedelta(days=1), DAY, DAY + dt.timedelta(days=1)]


@pytest.mark.django_db
def test_current_seats_in_the_database_and_in_python_agree(small_world):
    committee = CommitteeFactory(charter=small_world.charter, technical=True)
    seats = []
    for n, (joined, left) in enumerate((j, lft) for j in DATES for lft in DATES):
        if joined and left and left < joined:
            continue
        seats.append(
            CommitteeMemberFactory(
                committee=committee,
                organisation=small_world.city,
                full_name=f"Membre {n}",
                joined_on=joined,
                left_on=left,
            )
        )
    for day in DATES[1:]:
        in_database = set(
            CommitteeMember.objects.filter(committee=committee)
            .filter(current_q(day))
            .values_list("pk", flat=True)
        )
        in_python = {seat.pk for seat in seats if seat.is_current(day)}
        assert in_database == in_python, day
        assert in_database == set(committee.members.current(day).values_list("pk", flat=True))
    # The boundaries themselves: joining on the day counts, leaving on the day does not.
    assert any(s.joined_on == DAY and s.left_on is None and s.is_current(DAY) for s in seats)
    assert not any(s.left_on == DAY and s.is_current(DAY) for s in seats)
