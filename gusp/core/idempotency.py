"""One-time keys of forms: every form carries a key (`{% form_key %}`); posting the same form twice (a
double tap, a reload, a retry on a weak network) makes one record, and the second answer goes where the
first went. The key is spent in the same transaction as the record it creates."""

import re

from django.db import IntegrityError, transaction

from .models import SubmittedForm

FIELD = "form_key"
_KEY = re.compile(r"^[0-9a-f]{32}$")


def valid_key(value: str) -> bool:
    return bool(value) and bool(_KEY.match(value))


def posted_key(request) -> str:
    key = request.POST.get(FIELD, "")
    return key if valid_key(key) and request.user.is_authenticated else ""


def already_submitted(request) -> SubmittedForm | None:
    """The earlier submission of this very form, if it succeeded."""
    key = posted_key(request)
    if not key:
        return None
    return SubmittedForm.objects.filter(key=key, user=request.user).exclude(result_url="").first()


def spend(request) -> SubmittedForm | None:
    """Spend the posted key inside the caller's transaction. Returns the record to fill with the result,
    or raises `DuplicateSubmission` when the key was spent by a submission that committed meanwhile."""
    key = posted_key(request)
    if not key:
        return None
    try:
        with transaction.atomic():
            return SubmittedForm.objects.create(key=key, user=request.user)
    except IntegrityError as error:
        raise DuplicateSubmission(key) from error


class DuplicateSubmission(Exception):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def remember(submitted: SubmittedForm | None, url: str) -> None:
    if submitted is not None:
        submitted.result_url = url[:500]
        submitted.save(update_fields=["result_url"])
