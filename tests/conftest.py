import io

import pytest
from django.core.management import call_command
from django.test import Client

from charter.models import Charter, User

DEMO_PASSWORD = "demo-test-password"


@pytest.fixture
def demo(db) -> Charter:
    """The Vitrolles charter and its demo accounts, loaded as `make run` loads them."""
    call_command("load_demo", password=DEMO_PASSWORD, stdout=io.StringIO())
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
