"""Euros in French: « 1 234,56 € » on pages (non-breaking spaces), « 1234,56 » in CSV files (what French
spreadsheets read as a number). Exact: Decimals are never turned into floats."""

from decimal import Decimal

from .choices import CENT

NBSP = "\u00a0"


def _cents(value) -> Decimal:
    return Decimal(value).quantize(CENT)


def amount(value, *, grouped: bool = True) -> str:
    """1234.5 → « 1 234,50 » (grouped with non-breaking spaces) or « 1234,50 »."""
    if value is None or value == "":
        return ""
    text = f"{_cents(value):,.2f}" if grouped else f"{_cents(value):.2f}"
    return text.replace(",", NBSP).replace(".", ",")


def euros(value) -> str:
    """1234.5 → « 1 234,50 € »; nothing for None."""
    text = amount(value)
    return f"{text}{NBSP}€" if text else ""


def csv_amount(value) -> str:
    """A CSV cell: « 1234,50 », nothing for None."""
    return amount(value, grouped=False)


def percent(value, places: int = 2) -> str:
    """0.25 → « 25,00 % »."""
    return f"{Decimal(value) * 100:.{places}f}".replace(".", ",") + f"{NBSP}%"
