"""The action plan as files: CSV streamed row by row (UTF-8 with BOM, semicolons, French dates, as French
spreadsheets expect) and XLSX (real dates) built by tablib for plans of bounded size. No cell is ever
read as a formula (CSV/formula injection)."""

import csv

import tablib
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from gusp.core.spreadsheets import cell

ALL_TERRITORIES = "Tous les quartiers"
# An XLSX is built in memory: beyond this many rows, the CSV (streamed) is the export to use.
XLSX_MAX_ROWS = 10_000
EXPORT_HEADERS = [
    "Fiche",
    "Intitulé de la fiche",
    "Thème",
    "Sous-thème",
    "Action",
    "Porteur",
    "Quartier",
    "Début",
    "Échéance",
    "État",
    "Avancement (%)",
    "En retard",
]


def export_rows(actions, *, french_dates: bool):
    """One row per action (annotated with `is_late`), in the order of the queryset."""

    def day(value):
        return value.strftime("%d/%m/%Y") if french_dates else value

    for a in actions:
        yield [
            cell(v)
            for v in (
                a.sheet.number,
                a.sheet.title,
                a.sheet.theme.title,
                a.sheet.sub_theme.title if a.sheet.sub_theme else "",
                a.title,
                a.lead.name,
                a.territory.name if a.territory else ALL_TERRITORIES,
                day(a.starts_on),
                day(a.due_on),
                a.get_status_display(),
                a.progress,
                "oui" if a.is_late else "non",
            )
        ]


class _Echo:
    def write(self, value):
        return value


def _filename(charter, extension: str) -> str:
    return f"plan-actions-{charter.slug}-{timezone.localdate().isoformat()}.{extension}"


def csv_response(actions, charter) -> StreamingHttpResponse:
    """The rows streamed as they are read from the database (constant memory, whatever the plan's size)."""
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff" + writer.writerow(EXPORT_HEADERS)
        for row in export_rows(actions.iterator(chunk_size=2000), french_dates=True):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(charter, "csv")}"'
    return response


def xlsx_response(actions, charter) -> HttpResponse:
    dataset = tablib.Dataset(
        *export_rows(actions, french_dates=False), headers=EXPORT_HEADERS, title="Plan d'actions"
    )
    response = HttpResponse(
        dataset.export("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(charter, "xlsx")}"'
    return response
