"""Demonstration data: the records a charter data folder's demo/ files create (charter/data/README.md) are
invented for the example, not in the charter. Their models mark them with a boolean field `is_demo`, set by
the loaders and never by a form; the pages show a « démonstration » badge next to each of them
(`core/includes/demo_badge.html`) and a banner on every page while any of them exists (`demo_banner` in
`gusp.core.templatetags.gusp`).

The models are found, not listed: every installed model with an `is_demo` boolean field (their historical
copies excluded: a deleted record's history does not keep the banner up). This module imports no app."""

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from simple_history.models import HistoricalChanges

FIELD = "is_demo"
CACHE_KEY = "gusp:demo-data-present"
# How long the answer is kept: the banner may outlive the last demonstration record by this long.
CACHE_SECONDS = 300


def demo_models() -> list[type[models.Model]]:
    """The models whose records may be demonstration data."""
    found = []
    for model in apps.get_models():
        if issubclass(model, HistoricalChanges):
            continue
        try:
            field = model._meta.get_field(FIELD)
        except FieldDoesNotExist:
            continue
        if isinstance(field, models.BooleanField):
            found.append(model)
    return found


def demo_data_present() -> bool:
    """Whether any demonstration record exists: one query (a union of the marked tables, stopped at the
    first row), its answer kept CACHE_SECONDS in the cache."""
    present = cache.get(CACHE_KEY)
    if present is None:
        marked = [
            model._default_manager.filter(**{FIELD: True}).order_by().values(flag=models.Value(1))
            for model in demo_models()
        ]
        present = bool(marked) and bool(list(marked[0].union(*marked[1:], all=True)[:1]))
        cache.set(CACHE_KEY, present, CACHE_SECONDS)
    return present


def forget_demo_data_presence() -> None:
    """Ask again at the next page (after demonstration data is loaded or removed)."""
    cache.delete(CACHE_KEY)
