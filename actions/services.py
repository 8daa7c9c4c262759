"""Writes of the action plan: keyword-only, atomic, validating (a broken rule raises a ValidationError
with a French message and writes nothing)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from charter.perms import can_coordinate

from .models import Action, Attachment, Intervention, Measurement, ProjectSheet
from .uploads import CheckedUpload, stored_content


@transaction.atomic
def save_sheet(*, sheet: ProjectSheet, territories=(), partners=(), orientations=None) -> ProjectSheet:
    """Create or update a project sheet with the quarters it concerns, its associated partners and (when
    given) the charter's orientations it comes under. A sheet is either about all the quarters or about
    named ones, not both. A state set by demonstration data stops being one when someone changes it."""
    if sheet.all_territories and territories:
        raise ValidationError(
            {"territories": "Choisissez « tous les quartiers » ou des quartiers nommés, pas les deux."}
        )
    if orientations is not None and any(o.theme.charter_id != sheet.charter_id for o in orientations):
        raise ValidationError(
            {"orientations": "Ces orientations n'appartiennent pas à la charte de la fiche."}
        )
    if sheet.pk and sheet.demo_state:
        stored = ProjectSheet.objects.values("status", "is_published").get(pk=sheet.pk)
        if stored != {"status": sheet.status, "is_published": sheet.is_published}:
            sheet.demo_state = False
    sheet.full_clean()
    sheet.save()
    sheet.territories.set(territories)
    sheet.partners.set(partners)
    if orientations is not None:
        sheet.orientations.set(orientations)
    return sheet


@transaction.atomic
def save_action(*, action: Action, author, partners=(), residences=(), indicators=()) -> Action:
    """Create or update an action. Only the coordinator chooses or changes its lead: a referent creates
    actions led by their own organisation and cannot hand one over. The residences named lie in the
    action's quarter."""
    coordinator = can_coordinate(author, action.sheet.charter_id)
    if not coordinator:
        if action.pk is None:
            action.lead = author.organisation
        elif Action.objects.filter(pk=action.pk).values_list("lead_id", flat=True).get() != action.lead_id:
            raise ValidationError("Seule la coordination peut confier l'action à une autre organisation.")
    if action.territory_id:
        outside = [r.name for r in residences if r.territory_id != action.territory_id]
        if outside:
            raise ValidationError(
                {"residences": f"Ces résidences ne sont pas dans le quartier choisi : {', '.join(outside)}."}
            )
    action.full_clean()
    action.save()
    action.partners.set(partners)
    action.residences.set(residences)
    action.indicators.set(indicators)
    return action


@transaction.atomic
def log_intervention(
    *,
    action,
    author,
    done_on,
    text: str,
    residence=None,
    hours=None,
    cost=None,
    files: list[CheckedUpload] = (),
) -> Intervention:
    """Record what was done on an action, with its checked photos or documents. If anything fails,
    nothing is kept: neither the entry nor the files already written to storage."""
    intervention = Intervention(
        action=action,
        author=author,
        organisation=author.organisation,
        done_on=done_on,
        text=text,
        residence=residence,
        hours=hours,
        cost=cost,
    )
    intervention.full_clean()
    if (
        residence is not None
        and not action.sheet.charter.territories.filter(pk=residence.territory_id).exists()
    ):
        raise ValidationError("Cette résidence n'appartient pas à la charte de l'action.")
    intervention.save()
    stored = []
    try:
        for checked in files:
            content = stored_content(checked)
            attachment = Attachment(
                intervention=intervention,
                original_name=checked.upload.name[:255],
                content_type=checked.content_type,
                extension=checked.extension,
                size=content.size,
                width=checked.width,
                height=checked.height,
            )
            attachment.file.save("upload", content, save=False)
            stored.append(attachment.file)
            attachment.save()
    except Exception:
        for file in stored:
            file.storage.delete(file.name)
        raise
    return intervention


@transaction.atomic
def record_measurement(*, indicator, measured_on, value, territory=None, author=None) -> Measurement:
    measurement = Measurement(
        indicator=indicator, measured_on=measured_on, value=value, territory=territory, author=author
    )
    measurement.full_clean()
    measurement.save()
    return measurement
