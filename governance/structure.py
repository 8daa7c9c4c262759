"""What a new charter copies of another one's governance (`GUSP_STRUCTURE_COPIERS`, called by
`charter.services_accounts.copy_structure`): its committees with their rules (kind, name, theme, parent
group, chairs, rule and rhythm) and their yearly duties, without members, meetings or what was done."""

from .models import Committee, CommitteeDuty

DUTY_FIELDS = ["title", "text", "due_month", "due_day", "due_note", "order"]
RULE_FIELDS = [
    "kind",
    "name",
    "chairs",
    "rule",
    "min_meetings_per_year",
    "max_months_between_meetings",
    "venue",
    "rhythm_note",
]


def copy_structure(source, target, themes: dict, sub_themes: dict) -> None:
    copied = {}
    # Parents first, so that a sub-group finds its new parent.
    committees = Committee.objects.live().filter(charter=source).order_by("parent_id", "pk")
    for committee in sorted(committees, key=lambda c: c.parent_id is not None):
        if committee.theme_id and committee.theme_id not in themes:
            continue
        if committee.parent_id and committee.parent_id not in copied:
            continue
        copied[committee.pk] = Committee.objects.create(
            charter=target,
            theme=themes.get(committee.theme_id),
            parent=copied.get(committee.parent_id),
            **{field: getattr(committee, field) for field in RULE_FIELDS},
        )
    for duty in CommitteeDuty.objects.filter(committee_id__in=copied).order_by("order", "pk"):
        CommitteeDuty.objects.create(
            committee=copied[duty.committee_id], **{field: getattr(duty, field) for field in DUTY_FIELDS}
        )
