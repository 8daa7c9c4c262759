"""Edit conflicts: editable records carry a version; a form opened on version N refuses to save over a
newer one, says who changed what since (from the history), and keeps what the user typed."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.timezone import localtime

from .history import describe_changes


class VersionedModel(models.Model):
    """A record whose every save raises its version (kept in its history too)."""

    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version = (self.version or 0) + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)


class EditConflict(ValidationError):
    """The record changed since the form was opened."""

    def __init__(self, instance, expected: int, current: int):
        self.instance, self.expected, self.current = instance, expected, current
        self.changes = changes_since(instance, expected)
        who = ", ".join(sorted({c["who"] for c in self.changes})) or "quelqu'un"
        super().__init__(
            f"{who} a modifié cet enregistrement depuis que vous avez ouvert ce formulaire : rien n'a été "
            "enregistré. Vos saisies sont conservées ci-dessous ; comparez-les avec les changements listés, "
            "puis enregistrez de nouveau pour les appliquer."
        )


def changes_since(instance, version: int) -> list[dict]:
    """Who changed what in `instance` after `version`, from its history (oldest first)."""
    history = getattr(instance, "history", None)
    if history is None:
        return []
    records = list(
        history.filter(version__gte=version).select_related("history_user").order_by("version", "history_id")
    )
    changes, previous = [], None
    for record in records:
        if previous is not None and record.version > version:
            user = record.history_user
            changes.append(
                {
                    "who": (user.get_full_name() or user.username) if user else "le chargement des données",
                    "when": date_format(localtime(record.history_date), "d/m/Y à H\\hi"),
                    "fields": describe_changes(type(instance), record.diff_against(previous).changes),
                }
            )
        previous = record
    return changes


def check_version(instance, expected: int | None) -> None:
    """Inside the saving transaction: lock the record and refuse if it moved past `expected`."""
    if instance is None or instance.pk is None or expected is None:
        return
    rows = list(
        type(instance)
        ._default_manager.select_for_update(of=("self",))
        .filter(pk=instance.pk)
        .order_by()
        .values_list("version", flat=True)[:1]
    )
    current = rows[0] if rows else None
    if current is not None and current != expected:
        raise EditConflict(instance, expected, current)
