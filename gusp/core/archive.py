"""Archiving instead of deleting: a record that other records point to is never destroyed from the
platform's pages. Removing it sets `archived_at` (and who did it), recorded in its history like any change;
restoring clears it. Every model that can be removed inherits `ArchivableModel` and says how it reaches its
charter (`charter_path`), so that one page lists a charter's archives whatever app they belong to, and one
rule says who may remove or restore (the charter's coordinators, unless the model's queryset says more with
`archivable_by(user)`).

What archiving hides is said in the querysets: `visible_to(user)` and the list methods exclude archived rows
(and rows under an archived parent); the detail pages stay reachable for the coordinators through
`reachable_by(user)`, so that a link from another record keeps working, shown « archivé ».

This module imports nothing from the apps: models are found through the app registry."""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone


class ArchivableModel(models.Model):
    """A record that is archived (hidden, restorable) rather than deleted.

        Subclasses set `charter_path`: the lookup from the model to its charter's id ("charter",
        "territory__charter", "sheet__charter"…), and optionally `archive_parents`: lookups of the parents
        whose archiving hides this record too ("territory", "sheet"…), and `archive_related`: the relations its
    `__str__` reads."""

    archived_at = models.DateTimeField("archivé le", null=True, blank=True, editable=False, db_index=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="archivé par",
    )

    charter_path = "charter"
    archive_parents: tuple[str, ...] = ()
    # What the record's name (`__str__`) reads, loaded with it in the archives page.
    archive_related: tuple[str, ...] = ()

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


def live_q(model, prefix: str = "") -> models.Q:
    """Rows of `model` (reached through `prefix`, e.g. "sheet__") neither archived nor under an archived
    parent."""
    condition = models.Q(**{f"{prefix}archived_at__isnull": True})
    for parent in getattr(model, "archive_parents", ()):
        field = model._meta.get_field(parent.split("__")[0])
        related = field.related_model
        path = f"{prefix}{parent}__"
        if field.null:
            condition &= models.Q(**{f"{prefix}{parent}__isnull": True}) | live_q(related, path)
        else:
            condition &= live_q(related, path)
    return condition


class ArchivableQuerySet(models.QuerySet):
    """Reads shared by archivable models: `live()` and `archived()`."""

    def live(self):
        """Neither archived nor under an archived parent."""
        return self.filter(live_q(self.model))

    def archived(self):
        return self.filter(archived_at__isnull=False)


def archivable_models() -> list[type[ArchivableModel]]:
    """Every concrete model that can be archived, in the order of the installed apps."""
    return [m for m in apps.get_models() if issubclass(m, ArchivableModel) and not m._meta.abstract]


def model_key(model) -> str:
    """The name of an archivable model in URLs: "app_label.modelname"."""
    return model._meta.label_lower


def model_from_key(key: str):
    """The archivable model named `key`, or None (an unknown or non-archivable name)."""
    try:
        model = apps.get_model(key)
    except (LookupError, ValueError):
        return None
    return model if issubclass(model, ArchivableModel) and not model._meta.abstract else None


def charter_id_of(obj) -> int:
    """The id of the charter a record belongs to, following its `charter_path`."""
    value = obj
    parts = obj.charter_path.split("__")
    for part in parts[:-1]:
        value = getattr(value, part)
    return getattr(value, f"{parts[-1]}_id")


@transaction.atomic
def archive(obj: ArchivableModel, *, by) -> ArchivableModel:
    """Archive a record (its history records who and when). Archiving twice is refused."""
    obj = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if obj.archived_at is not None:
        raise ValidationError("Cet élément est déjà archivé.")
    obj.archived_at = timezone.now()
    obj.archived_by = by if by is not None and by.pk else None
    if by is not None and by.pk:
        obj._history_user = by
    obj.save()
    return obj


@transaction.atomic
def restore(obj: ArchivableModel, *, by) -> ArchivableModel:
    """Bring an archived record back where it was (every link to it has been kept)."""
    obj = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if obj.archived_at is None:
        raise ValidationError("Cet élément n'est pas archivé.")
    obj.archived_at = None
    obj.archived_by = None
    if by is not None and by.pk:
        obj._history_user = by
    obj.save()
    return obj
