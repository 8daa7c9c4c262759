"""Funding in templates: euros in French, and the budget badges of a project sheet for the pages of the
action plan (which do not import funding: they load this library).

    {% load funding %}
    {{ amount|euros }}                    → 1 234,56 €
    {% funding_badges sheet %}            → the sheet's budget flags, for the charter's partners only

`funding_badges` reads the flags of every sheet of the sheet's charter once per rendering (one query), so a
page listing many sheets or actions makes one query for all of them."""

from django import template
from django.urls import reverse

from charter.perms import is_member

from .. import formats
from ..choices import Stage
from ..querysets import sheet_budget_flags

register = template.Library()

_CACHE = "funding_budget_flags"


@register.filter
def euros(value) -> str:
    return formats.euros(value)


@register.filter
def amount(value) -> str:
    """Without the euro sign (table cells under a « (€) » header)."""
    return formats.amount(value)


@register.filter
def percent(value) -> str:
    return formats.percent(value)


@register.filter
def stage_label(value) -> str:
    """The French label of a `choices.Stage` value (annotated by `with_stage`)."""
    return Stage(value).label if value in Stage.values else ""


def _flags(context, sheet) -> dict:
    cache = context.render_context.setdefault(_CACHE, {})
    if sheet.charter_id not in cache:
        sheets = sheet.__class__.objects.filter(charter_id=sheet.charter_id)
        cache[sheet.charter_id] = {
            s["pk"]: s
            for s in sheet_budget_flags(sheets).values("pk", "funding_over_estimate", "funding_unpaid_late")
        }
    return cache[sheet.charter_id].get(sheet.pk, {})


@register.inclusion_tag("funding/includes/budget_badges.html", takes_context=True)
def funding_badges(context, sheet):
    """The budget flags of `sheet`, shown to the partners of its charter only (funding is not public)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if sheet is None or user is None or not is_member(user, sheet.charter_id):
        return {"over_estimate": False, "unpaid_late": False, "url": ""}
    flags = _flags(context, sheet)
    return {
        "over_estimate": flags.get("funding_over_estimate", False),
        "unpaid_late": flags.get("funding_unpaid_late", False),
        "url": reverse("funding:sheet_budget", args=[sheet.pk]),
    }
