"""Documents of a meeting: the minutes as PDF (WeasyPrint), from an autoescaped Django template.
Only ever called from a Celery task, never inside a request."""

from django.template.loader import render_to_string

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
        "decisions": meeting.decisions.prefetch_related("sheets", "actions").select_related("amendment"),
    }


def minutes_pdf(minutes) -> bytes:
    # Imported here: WeasyPrint is heavy to load and only the worker renders PDFs.
    from weasyprint import HTML

    html = render_to_string("governance/minutes_pdf.html", minutes_context(minutes))
    return HTML(string=html).write_pdf()
