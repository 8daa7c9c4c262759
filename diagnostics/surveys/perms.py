"""Who records satisfaction surveys (deny by default): the charter's coordinator, for any landlord; a
landlord's referents, for their own landlord. Every partner of the charter reads them; the public does not."""

from charter.choices import OrganisationKind
from charter.perms import can_coordinate, is_member


def can_read(user, charter) -> bool:
    return is_member(user, charter.pk)


def can_record(user, charter) -> bool:
    if can_coordinate(user, charter):
        return True
    organisation = getattr(user, "organisation", None) if user.is_authenticated else None
    return bool(
        user.is_referent and organisation is not None and organisation.kind == OrganisationKind.LANDLORD
    ) and is_member(user, charter.pk)
