"""Documents of a meeting: the minutes as PDF (WeasyPrint), from an autoescaped Django template.
Only ever called from a Celery task, never inside a request."""

from django.db.models import Prefetch
from django.template.loader import render_to_string

from actions.models import Action

from .models import AttendanceStatus


def minutes_context(minutes) -> dict:
    meeting = minutes.meeting
    attendances = list(meeting.attendances.select_related("member__organisation"))
    return {
        "minutes": minutes,
        "meeting": meeting,
        "agenda_items": meeting.agenda_items.select_related("sheet"),
        "present": [a.member for a in attendances if a.status == AttendanceStatus.PRESENT],
        "excused": [a.member for a in attendances if a.status == AttendanceStatus.EXCUSED],
        "absent": [a.member for a in attendances if a.status == AttendanceStatus.ABSENT],
        "decisions": meeting.decisions.prefetch_related(
            Prefetch(
                "actions", queryset=Action.objects.public() if meeting.is_public else Action.objects.all()
            )
        )
        .prefetch_related("sheets")
        .select_related("amendment"),
    }


def minutes_pdf(minutes) -> bytes:
    # Imported here: WeasyPrint is heavy to load and only the worker renders PDFs.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string("governance/minutes_pdf.html", minutes_context(minutes))
    # Nothing is fetched while rendering: no file://, no http(s)://, whatever the text contains.
    return HTML(string=html, base_url=None, url_fetcher=URLFetcher(allowed_protocols=set())).write_pdf()
