"""Writes of walking diagnostics: planning one (the coordinator, or a partner's referent), its team."""

from django.core.exceptions import ValidationError
from django.db import transaction

from charter.models import Organisation

from .. import perms
from ..models import WalkingDiagnostic, WalkMember


def normalise_sector(sector: str) -> str:
    return " ".join((sector or "").split())


@transaction.atomic
def save_walk(*, walk: WalkingDiagnostic, author) -> WalkingDiagnostic:
    """Create or update a walk. A new walk belongs to its territory's charter and to whoever planned it;
    the referent who planned it joins the team."""
    creating = walk.pk is None
    if creating:
        walk.charter_id = walk.territory.charter_id
        if not perms.can_plan_walk(author, walk.territory.charter):
            raise ValidationError("Vous ne pouvez pas planifier de diagnostic dans cette charte.")
        walk.organiser = author
    walk.sector = normalise_sector(walk.sector)
    walk.full_clean()
    walk.save()
    if creating and author.organisation_id:
        WalkMember.objects.create(
            walk=walk, user=author, organisation=author.organisation, full_name=author.get_full_name()
        )
    return walk


@transaction.atomic
def add_member(
    *, walk: WalkingDiagnostic, organisation=None, user=None, full_name: str = "", capacity: str = ""
) -> WalkMember:
    """A member of the team: a partner's person (their account lets them record findings during the walk)
    or an inhabitants' representative (a name and a capacity)."""
    if user is not None:
        organisation = organisation or user.organisation
        if walk.members.filter(user=user).exists():
            raise ValidationError({"user": "Cette personne fait déjà partie de l'équipe."})
        if user.organisation_id and organisation and user.organisation_id != organisation.pk:
            raise ValidationError({"user": "Ce compte appartient à une autre organisation."})
    if (
        organisation is not None
        and not Organisation.objects.in_charter(walk.charter_id).filter(pk=organisation.pk).exists()
    ):
        raise ValidationError({"organisation": "Cette organisation ne participe pas à la charte."})
    if organisation is None and user is None and not full_name.strip():
        raise ValidationError({"full_name": "Indiquez au moins un nom ou une organisation."})
    member = WalkMember(
        walk=walk,
        organisation=organisation,
        user=user,
        full_name=full_name.strip(),
        capacity=capacity.strip(),
    )
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def remove_member(*, member: WalkMember) -> None:
    if member.user_id and member.walk.findings.filter(created_by_id=member.user_id).exists():
        raise ValidationError(
            "Cette personne a enregistré des constats lors de ce diagnostic : elle reste dans l'équipe."
        )
    member.delete()
