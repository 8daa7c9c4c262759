"""Open311 keys of partner organisations: made and revoked by the coordinator; only a hash is stored and
the key is shown once. A key is 43 random URL-safe characters (256 bits): a SHA-256 of it is as good as a
slow password hash, and lets the API look it up by its hash."""

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from charter.models import Organisation

from ..models import ApiKey

PREFIX_LENGTH = 8


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def create_api_key(*, charter, organisation, label: str, author) -> tuple[ApiKey, str]:
    """A new key for the organisation; returns it and its clear value, to show once."""
    if not Organisation.objects.in_charter(charter).filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": "Cette organisation ne participe pas à la charte."})
    raw = secrets.token_urlsafe(32)
    key = ApiKey(
        charter=charter,
        organisation=organisation,
        label=label.strip(),
        prefix=raw[:PREFIX_LENGTH],
        digest=digest(raw),
        created_by=author,
    )
    key.full_clean()
    key.save()
    return key, raw


@transaction.atomic
def revoke_api_key(*, key: ApiKey) -> ApiKey:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    return key


def authenticate(raw: str | None) -> ApiKey | None:
    """The active key of that value, or None. Records its last use (at most once a minute)."""
    if not raw or len(raw) > 100:
        return None
    key = ApiKey.objects.active().select_related("organisation", "charter").filter(digest=digest(raw)).first()
    if key is not None:
        now = timezone.now()
        if key.last_used_at is None or now - key.last_used_at > dt.timedelta(minutes=1):
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key
