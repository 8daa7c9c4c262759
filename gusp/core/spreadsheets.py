"""Spreadsheet exports (CSV, XLSX): no cell is ever read as a formula by a spreadsheet application
(CSV/formula injection), whoever typed its text."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """A spreadsheet cell that is never read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
