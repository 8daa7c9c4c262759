"""Changes recorded by django-simple-history, in words: field labels instead of names, the names of
related records instead of their ids, choices and booleans in French."""


def describe_changes(model, changes) -> list[dict]:
    """`changes` from `record.diff_against(previous).changes` of an instance of `model`."""
    meta = model._meta
    wanted = {}  # related model -> ids to name
    for change in changes:
        field = meta.get_field(change.field)
        if field.is_relation:
            key = field.related_model._meta.model_name
            for value in (change.old, change.new):
                ids = [row[key] for row in value or []] if field.many_to_many else [value]
                wanted.setdefault(field.related_model, set()).update(i for i in ids if i is not None)
    names = {
        related: {o.pk: str(o) for o in related._default_manager.filter(pk__in=ids)}
        for related, ids in wanted.items()
    }

    def words(field, value):
        if field.many_to_many:
            key = field.related_model._meta.model_name
            return ", ".join(sorted(names[field.related_model].get(row[key], "?") for row in value or []))
        if field.is_relation:
            return names[field.related_model].get(value, "?") if value is not None else ""
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return "oui" if value else "non"
        return "" if value is None else value

    described = []
    for change in changes:
        field = meta.get_field(change.field)
        described.append(
            {
                "field": str(field.verbose_name),
                "old": words(field, change.old),
                "new": words(field, change.new),
            }
        )
    return described


def timeline(obj, *, excluded: tuple[str, ...] = ()) -> list[dict]:
    """Every recorded version of `obj`, newest first, each with who, when and what changed since the
    version before (described in words)."""
    records = list(obj.history.select_related("history_user").order_by("history_date", "history_id"))
    entries, previous = [], None
    for record in records:
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=list(excluded))
            changes = describe_changes(type(obj), delta.changes)
        entries.append({"record": record, "changes": changes})
        previous = record
    entries.reverse()
    return entries
