"""Who sees and edits the TFPB programmes (deny by default; see `querysets` for the rows):

- the charter's coordinator keeps the conventions and their quarters, edits every programme, and records
  the steering committee's validation and publication of a report;
- a landlord's referents enter their own landlord's programmes (actions, amounts, report) and submit them;
- every partner of the charter reads everything; partners (coordinators and referents) comment a report;
- the public reads only the reports the steering committee validated and published."""

from charter.models import Charter
from charter.perms import can_coordinate, is_member

from .models import TfpbConvention


def can_read(user, charter: Charter) -> bool:
    return is_member(user, charter.pk)


def can_manage(user, charter: Charter) -> bool:
    """Conventions, validation and publication are the coordination's."""
    return can_coordinate(user, charter)


def can_program(user, convention: TfpbConvention) -> bool:
    """Enter the programmes of this convention: its charter's coordinator, its landlord's referents."""
    return TfpbConvention.objects.programmable_by(user).filter(pk=convention.pk).exists()


def can_comment(user, charter: Charter) -> bool:
    if not is_member(user, charter.pk):
        return False
    return can_coordinate(user, charter) or bool(user.is_referent and user.organisation_id)
