"""One-time links of accounts, made with Django's own token machinery.

An invitation link sets the password of a new account once: its token hashes the account's password and
last login (and whether it is active, and its e-mail), so that setting the password, logging in, being
deactivated or changing address kills every link sent before; it also expires after
`GUSP_INVITATION_TIMEOUT` seconds. Password reset links are Django's (`default_token_generator`)."""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int

DEFAULT_INVITATION_TIMEOUT = 7 * 24 * 3600


def invitation_timeout() -> int:
    return int(getattr(settings, "GUSP_INVITATION_TIMEOUT", DEFAULT_INVITATION_TIMEOUT))


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "charter.tokens.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        login = "" if user.last_login is None else user.last_login.replace(microsecond=0, tzinfo=None)
        return f"{user.pk}{user.password}{login}{timestamp}{user.is_active}{user.email}"

    def check_token(self, user, token):
        """As Django's, with the invitation's own lifetime instead of PASSWORD_RESET_TIMEOUT."""
        if not (user and token) or not isinstance(token, str):
            return False
        try:
            ts_b36, _ = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token):
                break
        else:
            return False
        return (self._num_seconds(self._now()) - ts) <= invitation_timeout()


invitation_tokens = InvitationTokenGenerator()
