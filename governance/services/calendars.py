from django.db import transaction
from django.utils import timezone

from ..models import CalendarFeed


@transaction.atomic
def regenerate_feed(*, user) -> CalendarFeed:
    """Give the user a new secret calendar address; the previous one stops working."""
    revoke_feed(user=user)
    return CalendarFeed.objects.create(user=user)


@transaction.atomic
def revoke_feed(*, user) -> None:
    CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
