import pytest

from charter.data import VITROLLES_2007
from diagnostics import demo as diagnostics_demo

from .factories import field_world


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The Vitrolles charter (root conftest), with its field half: the default grid and rules and the
    demonstration walks. `load_demo` loads them when `diagnostics.demo.load` is listed in
    `GUSP_DATA_LOADERS`; loaded again here so that these tests do not depend on that setting (loading
    twice writes nothing)."""
    with django_db_blocker.unblock():
        diagnostics_demo.load(VITROLLES_2007)


@pytest.fixture
def field(small_world):
    """The small world with an intercommunality, the default grid and rules, and two perimeters."""
    return field_world(small_world)
