"""The summary table as files, with exactly the rows of the screen (`tables.SummaryTable.lines`): CSV as
French spreadsheets expect it (UTF-8 with BOM, semicolons, decimal commas, no thousands separator) and XLSX
(real numbers). No cell is ever read as a formula (`actions.exports.cell`)."""

import csv
import io

import tablib
from django.http import HttpResponse

from gusp.core.spreadsheets import cell

from .formats import csv_amount

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filename(table, extension: str) -> str:
    return f"financements-{table.charter.slug}-{table.year}.{extension}"


def _attachment(response, table, extension: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{_filename(table, extension)}"'
    return response


def csv_response(table) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([cell(h) for h in table.headers()])
    for line in table.lines():
        writer.writerow([cell(v) if isinstance(v, str) else csv_amount(v) for v in line])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    return _attachment(response, table, "csv")


def xlsx_response(table) -> HttpResponse:
    dataset = tablib.Dataset(
        *[[cell(v) for v in line] for line in table.lines()],
        headers=[cell(h) for h in table.headers()],
        title=f"Financements {table.year}",
    )
    response = HttpResponse(dataset.export("xlsx"), content_type=XLSX_TYPE)
    return _attachment(response, table, "xlsx")
