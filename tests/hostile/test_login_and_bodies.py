"""Login abuse behind the reverse proxy, and request bodies larger than allowed.

With one trusted proxy (`GUSP_TRUSTED_PROXIES = 1`), the client's address is the right-most entry of
X-Forwarded-For (the one the proxy wrote): five wrong passwords for an account from an address lock that
account for that address only; what the client writes itself at the left of the header never chooses the
address that gets locked. A body larger than the cap is refused (413, in French) before anything reads it."""

import io

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from actions.models import Action
from charter.models import User
from tests.utils import DEMO_PASSWORD, all_counts

LOGIN = "/connexion/"
PROXY = "10.0.0.2"  # the reverse proxy: every request reaches the application from it
ATTACKER = "203.0.113.66"
REAL_USER = "198.51.100.7"
MB = 1024 * 1024


@pytest.fixture(autouse=True)
def behind_one_proxy(settings):
    settings.GUSP_TRUSTED_PROXIES = 1


def log_in(client, address, password, *, username="opac-sud", forged=None):
    """A login attempt from `address` as the proxy forwards it: the proxy appends the address it received
    the request from to the X-Forwarded-For the client sent (`forged`, if any)."""
    forwarded = f"{forged}, {address}" if forged else address
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def is_logged_in(response) -> bool:
    return response.status_code == 302 and response.wsgi_request.user.is_authenticated


def test_five_failures_lock_the_account_for_that_address_only(demo, client):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, ATTACKER, "mauvais-mot-de-passe").status_code == 200
    # The last allowed failure locks at once.
    assert log_in(client, ATTACKER, "mauvais-mot-de-passe").status_code == 429
    attempt = AccessAttempt.objects.get(username="opac-sud")
    assert (attempt.ip_address, attempt.failures_since_start) == (ATTACKER, 5)
    # Locked from the attacker's address, even with the right password.
    locked = log_in(client, ATTACKER, DEMO_PASSWORD)
    assert locked.status_code == 429
    assert "Connexion temporairement bloquée" in locked.content.decode()
    # The real user, from their own address, logs in.
    assert is_logged_in(log_in(client.__class__(), REAL_USER, DEMO_PASSWORD))


def test_a_forged_forwarded_address_does_not_choose_the_locked_address(demo, client):
    """The attacker writes the real user's address at the left of X-Forwarded-For, hoping to lock the
    real user out: the failures are counted against the attacker's own address."""
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        log_in(client, ATTACKER, "mauvais-mot-de-passe", forged=REAL_USER)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    assert is_logged_in(log_in(client.__class__(), REAL_USER, DEMO_PASSWORD))
    # Nor can the attacker escape its own lock by writing another address.
    assert log_in(client, ATTACKER, DEMO_PASSWORD, forged="192.0.2.1").status_code == 429


def test_an_oversized_username_is_a_failed_login(demo, client):
    """50,000 characters: refused as a wrong login (200, the form again), never a server error, on
    PostgreSQL too (the attempt is recorded with the name cut to what a username holds)."""
    for username in ["x" * 50_000, "opac-sud" + "\x00" * 10, "é" * 151]:
        response = log_in(client, ATTACKER, "mauvais-mot-de-passe", username=username)
        assert response.status_code == 200
        assert not response.wsgi_request.user.is_authenticated
    assert all(len(name) <= 150 for name in AccessAttempt.objects.values_list("username", flat=True))


class UnreadBody(io.RawIOBase):
    """A request body of `size` bytes (a multipart form naming `username`, then a file of zeros), produced
    only if someone reads it; `read` counts what was read."""

    def __init__(self, size: int, boundary: str):
        super().__init__()
        self.head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="username"\r\n\r\nopac-sud\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="password"\r\n\r\nmauvais\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\n'
        ).encode()
        self.size, self.read_bytes = size, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        count = min(len(buffer), self.size - self.read_bytes)
        head = self.head[self.read_bytes : self.read_bytes + count]
        buffer[:count] = head + b"\0" * (count - len(head))
        self.read_bytes += count
        return count


def post_unread(client, url, size):
    boundary = "limite-de-test"
    body = UnreadBody(size, boundary)
    response = client.generic(
        "POST",
        url,
        b"",
        content_type=f"multipart/form-data; boundary={boundary}",
        **{
            "wsgi.input": body,
            "CONTENT_LENGTH": str(size),
            # The test client sets the type only with a body it holds itself.
            "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
            "REMOTE_ADDR": PROXY,
            "HTTP_X_FORWARDED_FOR": ATTACKER,
        },
    )
    return response, body


def test_an_anonymous_50_mb_post_is_refused_before_being_read(demo, client):
    before = all_counts()
    response, body = post_unread(client, LOGIN, 50 * MB)
    assert response.status_code == 413
    assert "Envoi trop volumineux" in response.content.decode()
    assert "dépasse 12 Mo" in response.content.decode()
    assert body.read_bytes == 0  # nothing read: the login form never ran
    assert not AccessAttempt.objects.exists()
    assert all_counts() == before


def test_a_logged_in_post_above_the_cap_is_refused_before_being_read(demo, client_as):
    user = User.objects.get(username="opac-sud")
    client = client_as(user)
    action = Action.objects.loggable_by(user).order_by("pk").first()
    url = reverse("actions:intervention_create", args=[action.pk])
    before = all_counts()
    response, body = post_unread(client, url, settings.GUSP_MAX_BODY_BYTES + 1)
    assert response.status_code == 413
    assert "dépasse 60 Mo" in response.content.decode()
    assert body.read_bytes == 0
    assert all_counts() == before
    # Under the cap, the body is read (and this one, without the form's fields, refused by the form).
    response, body = post_unread(client, url, 2 * MB)
    assert response.status_code == 400 and body.read_bytes == 2 * MB
