"""Idempotent loading of reference data (charter facts, demonstration records): a record is written only
when it is missing or differs, so that loading twice writes nothing the second time."""

from django.conf import settings
from django.utils.module_loading import import_string


def upsert(model, lookup: dict, values: dict):
    """Get the object matching `lookup`; create it, or update it only if a value differs."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
    return obj


def registered(setting: str) -> list:
    """The callables listed, in order, in a setting (e.g. `GUSP_DATA_LOADERS`): the order is the one the
    setting shows, not the order of INSTALLED_APPS."""
    return [import_string(path) for path in getattr(settings, setting)]
