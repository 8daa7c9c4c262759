"""Who asks for, reads, publishes and relaunches syntheses (deny by default).

- every partner of a charter (committee members, referents, the coordinator) asks for syntheses of it
  and reads all of them;
- the coordinator publishes (and withdraws) their public versions, which everybody then downloads;
- a synthesis whose making failed is relaunched by the coordinator or by who asked for it."""

from charter.perms import can_coordinate, is_member


def can_request(user, charter) -> bool:
    return user.is_authenticated and is_member(user, charter.pk)


def can_publish(user, synthesis) -> bool:
    return not synthesis.is_public and can_coordinate(user, synthesis.charter_id)


def can_unpublish(user, synthesis) -> bool:
    return synthesis.is_public and can_coordinate(user, synthesis.charter_id)


def can_relaunch(user, synthesis) -> bool:
    if not user.is_authenticated or not is_member(user, synthesis.charter_id):
        return False
    return synthesis.requested_by_id == user.pk or can_coordinate(user, synthesis.charter_id)
