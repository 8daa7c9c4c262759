"""The client's address as the platform sees it behind its reverse proxies."""

from django.conf import settings


def client_ip(request) -> str | None:
    """With `GUSP_TRUSTED_PROXIES = n` (n reverse proxies in front of the application, each appending the
    address it received the request from to X-Forwarded-For), the client is the n-th address from the right
    of X-Forwarded-For: what the client itself wrote in that header (left of it) is never trusted, so nobody
    can pick the address that gets locked out. Without trusted proxies, REMOTE_ADDR."""
    trusted = settings.GUSP_TRUSTED_PROXIES
    if trusted:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if len(forwarded) >= trusted:
            return forwarded[-trusted]
    return request.META.get("REMOTE_ADDR")


def login_username(request, credentials=None) -> str | None:
    """The username a login attempt names, as django-axes records it: at most 150 characters (Django's
    own limit for usernames), so that an oversized username is a failed login, not a database error."""
    username = credentials.get("username") if credentials else getattr(request, "POST", {}).get("username")
    return username[:150] if isinstance(username, str) else username
