"""Who is asking: the small predicates every app's querysets start from."""


def is_anonymous(user) -> bool:
    """No user, a visitor who is not logged in, or a deactivated account: sees only what is public."""
    return user is None or not user.is_authenticated or not user.is_active
