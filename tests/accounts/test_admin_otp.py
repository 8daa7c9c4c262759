"""The Django admin is behind the second factor (issue 13: required for the operators): a staff account
whose session has not passed it is sent to set it up; logged in with its code, it reaches the admin."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from charter.models import User
from tests.accounts.test_security import log_in, token
from tests.utils import all_counts, client_as


@pytest.fixture(autouse=True)
def _admin_requires_otp(settings):
    settings.GUSP_ADMIN_REQUIRES_OTP = True


def test_a_password_alone_does_not_open_the_admin(demo):
    client = client_as("admin")
    before = all_counts()
    response = client.get(reverse("admin:charter_residence_changelist"))
    assert response.status_code == 302
    # The admin's login sends a logged-in staff account without second factor to set it up.
    response = client.get(response.url)
    assert response.status_code == 302 and response.url == reverse("charter:otp_setup")
    assert all_counts() == before


def test_an_anonymous_visitor_is_sent_to_the_platform_login(demo):
    response = client_as(None).get(reverse("admin:login"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_with_the_code_the_admin_opens(demo, settings):
    user = User.objects.get(username="admin")
    user.set_password("mot-de-passe-admin-1")
    user.save()
    device = TOTPDevice.objects.create(user=user, name="Application", confirmed=True)
    client, response = log_in("admin", "mot-de-passe-admin-1", otp_token=token(device))
    assert response.status_code == 302
    assert client.get(reverse("admin:charter_residence_changelist")).status_code == 200


def test_a_non_staff_account_stays_out(demo):
    assert client_as("coordination").get(reverse("admin:index")).status_code == 302
