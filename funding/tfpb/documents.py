"""The yearly report as PDF, from an autoescaped Django template, rendered by the platform's one PDF engine
(`gusp.core.pdf`: restricted URL fetcher, tagged PDF/UA-1 output, title, language and author). Only ever
called from a durable job (`services.render_report_pdf`), never inside a request."""

from django.template.loader import render_to_string
from django.utils import timezone

from gusp.core.pdf import render_pdf

from .examples import is_example
from .report import ACTION_HEADERS, AXIS_HEADERS, SUMMARY_HEADERS, quarter_report


def report_context(report, *, today=None) -> dict:
    today = today or timezone.localdate()
    figures = quarter_report(report, today=today)
    charter = report.quarter.convention.charter
    return {
        "figures": figures,
        "report": report,
        "charter": charter,
        "is_example": is_example(charter),
        "axis_headers": AXIS_HEADERS,
        "summary_headers": SUMMARY_HEADERS,
        "action_headers": ACTION_HEADERS,
        "comments": report.comments.select_related("author", "organisation"),
        "today": today,
    }


def report_pdf(report) -> bytes:
    convention = report.quarter.convention
    html = render_to_string("funding/tfpb/report_pdf.html", report_context(report))
    return render_pdf(
        html,
        title=f"Bilan de l'abattement de TFPB {report.year} — {convention.landlord} — {report.quarter.territory}",
        author=f"{convention.landlord} — {convention.charter.commune}",
        lang="fr",
    ).content
