"""The yearly report as an XLSX file (tablib), with exactly the lines of the screen (`report.QuarterReport`:
`axis_lines`, `summary_lines`, `action_lines`), amounts as real numbers. No cell is ever read as a formula
(`gusp.core.spreadsheets.cell`)."""

import tablib
from django.http import HttpResponse

from gusp.core.spreadsheets import cell

from .report import ACTION_HEADERS, AXIS_HEADERS, SUMMARY_HEADERS, QuarterReport

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The sheets of the file: (title, headers, name of the lines' method).
SHEETS = (
    ("Par axe", AXIS_HEADERS, "axis_lines"),
    ("Abattement et références", SUMMARY_HEADERS, "summary_lines"),
    ("Actions", ACTION_HEADERS, "action_lines"),
)


def filename(report: QuarterReport) -> str:
    quarter = report.quarter
    return f"bilan-tfpb-{report.report.year}-{quarter.convention.landlord.slug}-{quarter.territory.slug}.xlsx"


def databook(report: QuarterReport) -> tablib.Databook:
    sheets = []
    for title, headers, lines in SHEETS:
        sheets.append(
            tablib.Dataset(
                *[[cell(v) for v in line] for line in getattr(report, lines)()],
                headers=[cell(h) for h in headers],
                title=title,
            )
        )
    return tablib.Databook(sheets)


def xlsx_response(report: QuarterReport) -> HttpResponse:
    response = HttpResponse(databook(report).export("xlsx"), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename(report)}"'
    return response
