from django.core.exceptions import ValidationError
from django.db import transaction

from charter.models import Partnership

from ..models import Committee, CommitteeKind, CommitteeMember, DutyCompletion, MemberRole


@transaction.atomic
def save_committee(*, committee: Committee) -> Committee:
    """Create or update a committee. Its kind is fixed once it has met: turning a technical committee
    into public meetings would publish its meetings."""
    if committee.pk:
        stored_kind = Committee.objects.values_list("kind", flat=True).get(pk=committee.pk)
        if stored_kind != committee.kind and committee.meetings.exists():
            raise ValidationError("La nature d'une instance qui a déjà des réunions ne peut plus changer.")
    committee.full_clean()
    committee.save()
    return committee


def _sits_in_technical_committee(member: CommitteeMember) -> bool:
    """The same person (same account, or same organisation and name) holds a current seat in the
    technical committee of the charter."""
    seats = CommitteeMember.objects.current().filter(
        committee__charter=member.committee.charter_id, committee__kind=CommitteeKind.TECHNICAL
    )
    if member.user_id:
        return seats.filter(user=member.user_id).exists()
    return seats.filter(organisation=member.organisation_id, full_name=member.full_name).exists()


@transaction.atomic
def save_member(*, member: CommitteeMember) -> CommitteeMember:
    """Create or update a seat. The person belongs to a partner of the charter; an account given is of
    that organisation and holds one current seat per committee; a working group's rapporteur is a current
    member of the technical committee, and the group has one rapporteur at a time."""
    member.full_clean()
    committee = member.committee
    if not Partnership.objects.filter(
        charter=committee.charter_id, organisation=member.organisation_id
    ).exists():
        raise ValidationError("Cette organisation n'est pas partenaire de la charte.")
    if member.user_id and member.user.organisation_id != member.organisation_id:
        raise ValidationError("Le compte choisi appartient à une autre organisation que celle du membre.")
    if member.is_current():
        others = committee.members.current().exclude(pk=member.pk)
        if member.user_id and others.filter(user=member.user_id).exists():
            raise ValidationError("Cette personne siège déjà dans cette instance.")
        if committee.is_working_group and member.role == MemberRole.RAPPORTEUR:
            if others.filter(role=MemberRole.RAPPORTEUR).exists():
                raise ValidationError("Ce groupe de travail a déjà un rapporteur : retirez-le d'abord.")
            if not _sits_in_technical_committee(member):
                raise ValidationError(
                    "Le rapporteur d'un groupe de travail doit être membre du comité technique "
                    "(section VI de la charte)."
                )
    member.save()
    return member


@transaction.atomic
def record_duty_completion(*, completion: DutyCompletion, author) -> DutyCompletion:
    """Record that a committee's yearly duty was done for a year of the charter's period (once a year)."""
    charter = completion.duty.committee.charter
    if not charter.starts_on.year <= completion.year <= charter.current_end.year:
        raise ValidationError({"year": "Cette année n'est pas dans la période de la charte."})
    completion.recorded_by = author
    completion.full_clean()
    completion.save()
    return completion
