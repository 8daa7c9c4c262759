"""Permission rules of the charter registry.

Object permissions are granted with django-guardian to groups, never to single users:
- each organisation has one group (`Organisation.group`); a landlord's group holds `change_residence`
  on the landlord's residences;
- each charter has one coordination group (`Charter.coordination_group`) holding `coordinate_charter`
  on the charter: its members edit everything in that charter.
Reading follows partnership: an organisation taking part in a charter sees all of it; the public sees
what is published. The role of a user gates the organisation's edit rights (committee members only read).
"""

from guardian.shortcuts import assign_perm, remove_perm

from .choices import Role
from .models import Charter, Partnership, Residence
from .querysets import coordinated_charter_ids, member_charter_ids

LANDLORD_RESIDENCE_PERMS = ["charter.change_residence"]
COORDINATION_PERMS = ["charter.coordinate_charter"]


def grant_coordination(charter: Charter) -> None:
    for perm in COORDINATION_PERMS:
        assign_perm(perm, charter.coordination_group, charter)


def grant_landlord_residence(residence: Residence, previous_landlord=None) -> None:
    """Give the residence's landlord group its edit rights, and take them from a former landlord."""
    if previous_landlord is not None and previous_landlord.pk != residence.landlord_id:
        for perm in LANDLORD_RESIDENCE_PERMS:
            remove_perm(perm, previous_landlord.group, residence)
    for perm in LANDLORD_RESIDENCE_PERMS:
        assign_perm(perm, residence.landlord.group, residence)


def grant_landlord_residences(organisation, residences) -> None:
    """Bulk variant for many residences of one landlord (used by data loading)."""
    for perm in LANDLORD_RESIDENCE_PERMS:
        assign_perm(perm, organisation.group, residences)


def is_member(user, charter_id: int) -> bool:
    """The user takes part in the charter (their organisation is a partner, or they coordinate it)."""
    ids = member_charter_ids(user)
    return ids is None or charter_id in ids


def can_add_correspondent(user, charter: Charter) -> bool:
    """The coordinator adds anyone's correspondents; a partner's referent adds their own organisation's."""
    if can_coordinate(user, charter):
        return True
    return bool(user.is_authenticated and user.is_referent and user.organisation_id) and is_member(
        user, charter.pk
    )


def can_follow_job(user, job) -> bool:
    """A background job of a charter (a PDF, invitations…) is followed by the charter's partners; its
    coordinators also relaunch it when it failed."""
    return job.charter_id is not None and is_member(user, job.charter_id)


def can_coordinate(user, charter: Charter | int) -> bool:
    """The user coordinates the charter (a charter or its id): edits everything in it."""
    ids = coordinated_charter_ids(user)
    return ids is None or getattr(charter, "pk", charter) in ids


def can_edit_organisation(user, organisation) -> bool:
    """A partner organisation's details (name, kind…) are edited by the coordinators of a charter it takes
    part in (a live partnership). They are shared by every charter it takes part in; the organisation itself
    is never removed (removing a partner from a charter archives the partnership)."""
    ids = coordinated_charter_ids(user)
    if ids is None:
        return True
    return (
        bool(ids) and Partnership.objects.live().filter(organisation=organisation, charter__in=ids).exists()
    )


# Accounts and partners ------------------------------------------------------------------------------
# The coordinator runs the charter's partnership: partners, their accounts and roles. A partner's referent
# invites colleagues of their own organisation, as committee member (read only) or referent, never more.
REFERENT_INVITABLE_ROLES = (Role.COMMITTEE_MEMBER, Role.REFERENT)


def is_operator(user) -> bool:
    """A platform operator: creates charters and names their coordinators (a superuser is one too)."""
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or user.is_operator))


def invitable_roles(user, charter: Charter, organisation) -> tuple[str, ...]:
    """The roles `user` may give to a new account of `organisation` in `charter` (empty: may not invite)."""
    if not user.is_authenticated or not user.is_active:
        return ()
    if can_coordinate(user, charter):
        return tuple(Role.values)
    if (
        user.is_referent
        and organisation is not None
        and user.organisation_id == organisation.pk
        and is_member(user, charter.pk)
    ):
        return REFERENT_INVITABLE_ROLES
    return ()
