"""What a new charter copies of another one's action plan (`GUSP_STRUCTURE_COPIERS`, called by
`charter.services_accounts.copy_structure`): the sheet template, i.e. the sheets' numbers, titles and themes,
without their content (as drafts, unpublished); no action, indicator nor journal."""

from .choices import SheetStatus
from .models import ProjectSheet


def copy_structure(source, target, themes: dict, sub_themes: dict) -> None:
    """`themes` and `sub_themes` map the source's ids to the target's new records."""
    for sheet in ProjectSheet.objects.live().filter(charter=source).order_by("number"):
        if sheet.theme_id not in themes:
            continue  # a sheet under an archived theme is not part of the structure
        ProjectSheet.objects.create(
            charter=target,
            number=sheet.number,
            title=sheet.title,
            theme=themes[sheet.theme_id],
            sub_theme=sub_themes.get(sheet.sub_theme_id),
            status=SheetStatus.DRAFT,
        )
