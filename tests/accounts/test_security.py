"""The security of the accounts that can change a charter: password reset by e-mail (Django's views, French
pages, the e-mail a durable job), sessions recorded at login and ended from « Mon compte », an optional
second factor (TOTP) that operators must use."""

import re
import time

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from charter.models import Charter, LoginSession, Theme
from gusp.core.models import Job
from tests.factories import CommitteeFactory, ProjectSheetFactory, ThemeFactory, UserFactory
from tests.utils import all_counts, client_as, run_jobs

PASSWORD = "secret-test-password"  # the factories' password


def log_in(username, password=PASSWORD, *, otp_token="", agent="Navigateur de test/1.0", ip="203.0.113.7"):
    client = client_as(None)
    response = client.post(
        reverse("login"),
        {"username": username, "password": password, "otp_token": otp_token},
        HTTP_USER_AGENT=agent,
        REMOTE_ADDR=ip,
    )
    return client, response


def token(device, steps_ahead: int = 0) -> str:
    """The code the authenticator app shows now (or `steps_ahead` periods later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


# Password reset ------------------------------------------------------------------------------------


def test_a_forgotten_password_is_reset_by_a_one_time_link(small_world):
    user = small_world.coordinator
    user.email = "oubli@example.org"
    user.save()
    client = client_as(None)
    response = client.post(reverse("charter:password_reset"), {"email": "OUBLI@example.org"})
    assert response.status_code == 302 and response.url == reverse("charter:password_reset_done")
    assert mail.outbox == [] and Job.objects.filter(name="charter.send_password_reset").count() == 1
    run_jobs()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["oubli@example.org"]
    link = re.search(r"https?://[^/\s]+(/mot-de-passe/nouveau/\S+/)", mail.outbox[0].body).group(1)

    form = client.get(link, follow=True)
    assert "Choisissez un nouveau mot de passe" in form.content.decode()
    set_password_url = form.redirect_chain[-1][0]
    new = "Nouveau-mot-de-passe-2026"
    done = client.post(set_password_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302 and done.url == reverse("charter:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(new)

    again = client_as(None).get(link, follow=True).content.decode()
    assert "plus valable" in again


def test_an_unknown_address_gets_the_same_answer_and_no_mail(small_world):
    response = client_as(None).post(reverse("charter:password_reset"), {"email": "inconnu@example.org"})
    assert response.status_code == 302 and response.url == reverse("charter:password_reset_done")
    assert not Job.objects.filter(name="charter.send_password_reset").exists()


def test_reset_pages_are_french(small_world):
    page = client_as(None).post(reverse("charter:password_reset"), {"email": "pas-une-adresse"})
    assert page.status_code == 200 and "Saisissez une adresse" in page.content.decode()


# Sessions ------------------------------------------------------------------------------------------


def test_logins_are_recorded_and_a_session_is_ended_from_my_account(small_world):
    user = small_world.member
    laptop, response = log_in(user.username, agent="Portable/1.0", ip="198.51.100.1")
    assert response.status_code == 302
    phone, _ = log_in(user.username, agent="Téléphone/2.0", ip="198.51.100.2")
    sessions = LoginSession.objects.filter(user=user).order_by("pk")
    assert [(s.ip_address, s.user_agent) for s in sessions] == [
        ("198.51.100.1", "Portable/1.0"),
        ("198.51.100.2", "Téléphone/2.0"),
    ]
    page = laptop.get(reverse("charter:my_account")).content.decode()
    assert "Portable/1.0" in page and "Téléphone/2.0" in page and "cette session" in page

    phone_session = sessions.last()
    response = laptop.post(reverse("charter:session_end", args=[phone_session.pk]))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=phone_session.session_key).exists()
    assert phone.get(reverse("charter:my_account")).status_code == 302  # logged out
    assert laptop.get(reverse("charter:my_account")).status_code == 200


def test_nobody_ends_someone_else_s_session(small_world):
    _, _ = log_in(small_world.member.username)
    session = LoginSession.objects.get(user=small_world.member)
    other = client_as(small_world.coordinator)
    before = all_counts()
    other.post(reverse("charter:session_end", args=[session.pk]))
    assert all_counts() == before
    assert Session.objects.filter(session_key=session.session_key).exists()


# Second factor -------------------------------------------------------------------------------------


def enrol(client, user) -> TOTPDevice:
    assert client.get(reverse("charter:otp_setup")).status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("charter:otp_setup"), {"token": token(device), "form_key": "a" * 32})
    assert response.status_code == 302, response.content.decode()[:2000]
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_a_second_factor_is_asked_at_login_once_set_up(small_world, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wrong code below would otherwise delay the right one
    user = small_world.coordinator
    enrolling = client_as(user)
    device = enrol(enrolling, user)
    # The session that passed the second factor may set up another authenticator: the QR code is an image.
    page = enrolling.get(reverse("charter:otp_setup")).content.decode()
    assert (
        '<img src="data:image/svg+xml;base64,' in page
    )  # the QR code, as an image (no inline script or style)

    _, refused = log_in(user.username)
    assert refused.status_code == 200
    assert "saisissez le code à six chiffres" in refused.content.decode()
    _, wrong = log_in(user.username, otp_token="000000" if token(device, 1) != "000000" else "111111")
    assert wrong.status_code == 200 and "Ce code n" in wrong.content.decode()
    client, accepted = log_in(user.username, otp_token=token(device, 1))
    assert accepted.status_code == 302
    assert client.get(reverse("charter:my_account")).status_code == 200


def test_operator_pages_require_the_second_factor(small_world):
    operator = UserFactory(organisation=small_world.city)
    operator.is_operator = True
    operator.save()
    client, _ = log_in(operator.username)
    response = client.get(reverse("charter:operator_charter_create"))
    assert response.status_code == 302 and response.url == reverse("charter:otp_setup")
    enrol(client, operator)  # confirming logs the session in with the device
    assert client.get(reverse("charter:operator_charter_create")).status_code == 200
    # Operators cannot turn the second factor off.
    assert client.get(reverse("charter:otp_disable")).status_code == 302
    assert TOTPDevice.objects.filter(user=operator, confirmed=True).exists()


def test_an_operator_creates_a_charter_copying_a_structure_and_names_its_coordinators(small_world):
    operator = UserFactory(organisation=small_world.city)
    operator.is_operator = True
    operator.save()
    client, _ = log_in(operator.username)
    enrol(client, operator)
    theme = ThemeFactory(charter=small_world.charter, code="A", title="Propreté")
    theme.sub_themes.create(title="Déchets", order=1)
    theme.orientations.create(text="Renforcer le nettoyage", order=1)
    ProjectSheetFactory(
        charter=small_world.charter, theme=theme, number=7, title="Propreté des halls", findings="Constat"
    )
    steering = CommitteeFactory(charter=small_world.charter, steering=True, name="Comité de pilotage")
    response = client.post(
        reverse("charter:operator_charter_create"),
        {
            "title": "Charte GUSP de Nouvelleville",
            "commune": "Nouvelleville",
            "starts_on": "2026-01-01",
            "ends_on": "2028-12-31",
            "copy_from": small_world.charter.pk,
            "coordinators": [small_world.referent_b.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    charter = Charter.objects.get(commune="Nouvelleville")
    copied = Theme.objects.get(charter=charter, code="A")
    assert copied.title == "Propreté" and copied.sub_themes.get().title == "Déchets"
    assert copied.orientations.get().text == "Renforcer le nettoyage"
    sheet = charter.project_sheets.get()
    assert (sheet.number, sheet.title, sheet.theme, sheet.findings) == (7, "Propreté des halls", copied, "")
    committee = charter.committees.get()
    assert (committee.kind, committee.name) == ("steering", "Comité de pilotage")
    assert committee.min_meetings_per_year == steering.min_meetings_per_year
    assert not committee.members.exists() and not committee.meetings.exists()
    assert charter.coordination_group.user_set.filter(pk=small_world.referent_b.pk).exists()
    small_world.referent_b.refresh_from_db()
    assert small_world.referent_b.is_coordinator


@pytest.mark.parametrize(
    "data", [{"title": "", "commune": "X", "starts_on": "2026-01-01", "ends_on": "2025-01-01"}]
)
def test_operator_bad_input_writes_nothing(small_world, data):
    operator = UserFactory(organisation=small_world.city)
    operator.is_operator = True
    operator.save()
    client, _ = log_in(operator.username)
    enrol(client, operator)
    before = all_counts()
    response = client.post(reverse("charter:operator_charter_create"), data)
    assert response.status_code == 400
    assert "La date de fin doit être postérieure à la date de début." in response.content.decode()
    assert all_counts() == before


def test_a_session_without_the_second_factor_cannot_swap_the_authenticator(small_world):
    """A session opened before the authenticator was set up (or stolen) has not passed it: it may not
    replace the confirmed device with its own."""
    user = small_world.coordinator
    device = enrol(client_as(user), user)
    other_session = client_as(user)  # logged in without the code
    response = other_session.get(reverse("charter:otp_setup"))
    assert response.status_code == 302 and response.url == reverse("charter:my_account")
    response = other_session.post(reverse("charter:otp_setup"), {"token": "123456", "form_key": "b" * 32})
    assert response.status_code == 302 and response.url == reverse("charter:my_account")
    assert list(TOTPDevice.objects.filter(user=user).values_list("pk", "confirmed")) == [(device.pk, True)]
