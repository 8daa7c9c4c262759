import io

import pytest
from django.core.management import call_command

from charter.data import VITROLLES_2007
from charter.models import Charter
from tests import utils
from tests.factories import worlds
from tests.utils import DEMO_PASSWORD  # some modules import it from here


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The Vitrolles charter and its demo accounts, loaded once into the test database as `make run`
    loads them. Each test runs in a transaction rolled back at its end, so every test sees it intact
    (tests that need real commits — browser, worker — run last and load it again themselves)."""
    with django_db_blocker.unblock():
        call_command("load_demo", data=VITROLLES_2007, password=DEMO_PASSWORD, stdout=io.StringIO())


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
def coordinator(demo):
    """A test client logged in as the demo's coordinator (`coordination`)."""
    return utils.client_as("coordination")


@pytest.fixture(name="small_world")
def small_world_fixture(db) -> worlds.World:
    """A small charter built with the factories, beside the demo: a rule is tested on a world the test
    can read in full (`tests/factories/worlds.py`)."""
    return worlds.small_world()


@pytest.fixture
def client_as():
    """`client_as("opac-sud")` or `client_as(user)`: a test client logged in as that user;
    `client_as(None)`: anonymous (`tests.utils.client_as`)."""
    return utils.client_as
