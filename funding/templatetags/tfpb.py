"""The TFPB programmes in templates:

{% load tfpb %}
{{ value|cell }}        a cell of a report's table: amounts « 1 234,56 », numbers, text; empty for None
{{ charter|example }}   whether the charter is a fictitious example (`funding.tfpb.examples`)"""

from decimal import Decimal

from django import template

from .. import formats
from ..tfpb.examples import is_example

register = template.Library()


@register.filter
def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return formats.amount(value)
    return str(value)


@register.filter
def example(charter) -> bool:
    return is_example(charter)
