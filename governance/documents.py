"""Documents of a meeting: the minutes as PDF, from an autoescaped Django template, rendered by the
platform's one PDF engine (`gusp.core.pdf`: restricted URL fetcher, tagged PDF/UA-1 output, title,
language and author). Only ever called from a Celery task, never inside a request."""

from django.db.models import Prefetch
from django.template.loader import render_to_string

from actions.models import Action
from gusp.core.pdf import render_pdf

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
    meeting = minutes.meeting
    html = render_to_string("governance/minutes_pdf.html", minutes_context(minutes))
    # Nothing is fetched while rendering but the platform's own static files: no file://, no http(s)://,
    # whatever the text contains (and the template names none).
    return render_pdf(
        html,
        title=f"Compte rendu — {meeting.title} ({meeting.local_date:%d/%m/%Y})",
        author=f"{meeting.committee.name} — {meeting.committee.charter.commune}",
        lang="fr",
    ).content
