"""Who sees and edits funding (deny by default). Who edits a commitment is derived from its financer's
organisation in the querysets (`editable_by`), not granted through django-guardian: the financer already
holds that state, grants would duplicate it.

- the charter's coordinator edits every commitment, payment, financer and the mission's yearly cost, and
  publishes the yearly summary tables;
- a partner's referents edit their own organisation's commitments and payments (the financers linked to
  it, e.g. the State's referents for the ANRU);
- every partner of the charter (committee members included) reads all its funding;
- the public reads nothing of funding but the summary tables of the years the coordinator published."""

from charter.models import Charter
from charter.perms import can_coordinate, is_member

from .models import Financer, FundingCommitment, TablePublication


def can_read_funding(user, charter: Charter) -> bool:
    return is_member(user, charter.pk)


def published_years(charter: Charter) -> list[int]:
    return list(TablePublication.objects.filter(charter=charter).values_list("year", flat=True))


def can_add_commitment(user, charter: Charter) -> bool:
    return Financer.objects.committable_by(user).filter(charter=charter).exists()


def can_edit_commitment(user, commitment: FundingCommitment) -> bool:
    return FundingCommitment.objects.editable_by(user).filter(pk=commitment.pk).exists()


def can_manage(user, charter: Charter) -> bool:
    """Financers, the mission's cost and publication are the coordinator's."""
    return can_coordinate(user, charter)
