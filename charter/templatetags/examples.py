"""`{% example_banner %}`: every page that shows a fictitious example charter says so (base.html).

The charter is the page's `charter`, or the one its main record points to through relations the view has
already loaded (no query is made for the banner)."""

from django import template
from django.template.loader import render_to_string

register = template.Library()

# Where a page's main record leads to its charter: context name → relation path.
PATHS = {
    "sheet": ("charter",),
    "action": ("sheet", "charter"),
    "indicator": ("charter",),
    "committee": ("charter",),
    "meeting": ("committee", "charter"),
    "territory": ("charter",),
    "residence": ("territory", "charter"),
    "walk": ("charter",),
    "finding": ("walk", "charter"),
    "synthesis": ("charter",),
}


def _loaded(obj, name):
    """`obj.name` if that relation is already in memory, else None."""
    try:
        field = obj._meta.get_field(name)
    except Exception:  # noqa: BLE001 - not a model, or no such relation: no charter from it
        return None
    return getattr(obj, name) if field.is_cached(obj) else None


def page_charter(context):
    charter = context.get("charter")
    if charter is not None and hasattr(charter, "is_example"):
        return charter
    for name, path in PATHS.items():
        obj = context.get(name)
        for step in path:
            obj = _loaded(obj, step) if obj is not None and hasattr(obj, "_meta") else None
        if obj is not None and hasattr(obj, "is_example"):
            return obj
    return None


@register.simple_tag(takes_context=True)
def example_banner(context):
    charter = page_charter(context)
    if charter is None or not charter.is_example:
        return ""
    return render_to_string("charter/includes/example_banner.html", {"example_charter": charter})
