import io

import pytest
from django.core.management import call_command
from django.test import Client

from charter.models import Charter, User

DEMO_PASSWORD = "demo-test-password"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The Vitrolles charter and its demo accounts, loaded once into the test database as `make run`
    loads them. Each test runs in a transaction rolled back at its end, so every test sees it intact
    (tests that need real commits — browser, worker — run last and load it again themselves)."""
    with django_db_blocker.unblock():
        call_command("load_demo", password=DEMO_PASSWORD, stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (it holds idempotency keys, e.g. for queued PDFs)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo(db) -> Charter:
    """The Vitrolles charter, as loaded by `load_demo`."""
    return Charter.objects.get(slug="vitrolles-2007")


@pytest.fixture
def client_as():
    """`client_as("opac-sud")`: a test client logged in as that user; `client_as(None)`: anonymous."""

    def make(username):
        client = Client()
        if username is not None:
            client.force_login(User.objects.get(username=username))
        return client

    return make
