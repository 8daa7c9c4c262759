"""Permission rules of committees and meetings, read through the querysets (deny by default):

- the charter's coordinator edits committees and their members, and plans and edits every meeting;
- a working group's current rapporteur (a technical committee member) plans and edits the meetings of
  the group and of its sub-groups;
- a committee's current members read its meetings' agenda, attendance, minutes and decisions; members who
  left read nothing more;
- everybody reads public meetings (at le Romarin) of published charters, and their minutes once published.
"""

from .models import Committee, Meeting


def can_edit_committee(user, committee: Committee) -> bool:
    return Committee.objects.editable_by(user).filter(pk=committee.pk).exists()


def can_manage_meetings(user, committee: Committee) -> bool:
    return Committee.objects.managed_by(user).filter(pk=committee.pk).exists()


def can_read_minutes(user, meeting: Meeting) -> bool:
    return Meeting.objects.minutes_readable_by(user).filter(pk=meeting.pk).exists()


def can_edit_meeting(user, meeting: Meeting) -> bool:
    return Meeting.objects.editable_by(user).filter(pk=meeting.pk).exists()
