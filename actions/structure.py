"""What a new charter copies of another one's action plan (`GUSP_STRUCTURE_COPIERS`, called by
`charter.services_accounts.copy_structure`): the sheet template, i.e. the sheets' numbers, titles, themes
and the orientations they are filed under, without their content (as drafts, unpublished); no action,
indicator nor journal."""

from charter.models import Orientation

from .choices import SheetStatus
from .models import ProjectSheet


def copy_structure(source, target, themes: dict, sub_themes: dict) -> None:
    """`themes` and `sub_themes` map the source's ids to the target's new records. The target's orientations
    were copied with their theme, order and text: a sheet's are found by those."""
    copied_orientations = {
        (o.theme_id, o.order, o.text): o for o in Orientation.objects.filter(theme__charter=target)
    }
    new_theme_ids = {old: new.pk for old, new in themes.items()}
    sheets = ProjectSheet.objects.live().filter(charter=source).prefetch_related("orientations")
    for sheet in sheets.order_by("number"):
        if sheet.theme_id not in themes:
            continue  # a sheet under an archived theme is not part of the structure
        new = ProjectSheet.objects.create(
            charter=target,
            number=sheet.number,
            title=sheet.title,
            theme=themes[sheet.theme_id],
            sub_theme=sub_themes.get(sheet.sub_theme_id),
            status=SheetStatus.DRAFT,
        )
        new.orientations.set(
            [
                copied_orientations[key]
                for o in sheet.orientations.all()
                if (key := (new_theme_ids.get(o.theme_id), o.order, o.text)) in copied_orientations
            ]
        )
