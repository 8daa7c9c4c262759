"""Writes of the action plan: keyword-only, atomic, validating."""

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Attachment, Intervention, Measurement
from .uploads import CheckedUpload, stored_content


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
        action=action, author=author, organisation=author.organisation, done_on=done_on, text=text,
        residence=residence, hours=hours, cost=cost,
    )  # fmt: skip
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
