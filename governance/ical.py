"""iCalendar (RFC 5545 / 5546) for meetings, made with the `icalendar` library.

A meeting is one event for its whole life: same UID, SEQUENCE raised by every change of time or place
and by the cancellation. Invitations carry METHOD:REQUEST (or CANCEL) with the organiser and the one
attendee they are sent to; feeds are published calendars (no METHOD, no attendees).
"""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

PRODID = "-//GUSP//Plateforme GUSP//FR"


def _description(meeting) -> str:
    lines = [meeting.committee.name]
    if meeting.is_demo:
        lines.append("Réunion de démonstration : inventée pour l'exemple, absente de la charte.")
    items = list(meeting.agenda_items.all())
    if items:
        lines += ["", "Ordre du jour :"]
        lines += [f"{number}. {item.title}" for number, item in enumerate(items, start=1)]
    return "\n".join(lines)


def meeting_event(meeting, *, attendee_email: str = "", attendee_name: str = "") -> Event:
    event = Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("last-modified", meeting.updated_at)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.title)
    event.add("location", meeting.place)
    event.add("description", _description(meeting))
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    if attendee_email:
        organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
        organizer.params["cn"] = f"Coordination GUSP — {meeting.committee.charter.commune}"
        event.add("organizer", organizer)
        attendee = vCalAddress(f"mailto:{attendee_email}")
        if attendee_name:
            attendee.params["cn"] = attendee_name
        attendee.params["role"] = "REQ-PARTICIPANT"
        attendee.params["partstat"] = "NEEDS-ACTION"
        event.add("attendee", attendee)
    return event


def _calendar(*, method: str = "", name: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def invitation_ics(meeting, *, method: str, email: str, name: str = "") -> bytes:
    """The .ics sent to one member: METHOD:REQUEST for an invitation or an update, CANCEL otherwise."""
    calendar = _calendar(method=method)
    calendar.add_component(meeting_event(meeting, attendee_email=email, attendee_name=name))
    return calendar.to_ical()


def feed_ics(meetings, *, name: str) -> bytes:
    """A calendar feed; cancelled meetings stay in it (STATUS:CANCELLED) so that clients drop them."""
    calendar = _calendar(name=name)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting))
    return calendar.to_ical()
