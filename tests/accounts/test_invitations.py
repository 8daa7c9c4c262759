"""Onboarding by HTTP: the coordinator invites a person of a partner organisation; the e-mail (a durable
job) holds a one-time link that sets the password once; the person then logs in with the role given. An
expired or used link is refused; a referent invites only into their own organisation, never above their
own role."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse

from charter.models import AccountInvitation, Partnership, Role, User
from charter.tokens import invitation_tokens
from gusp.core.models import Job
from tests.utils import all_counts, assert_refused, client_as, run_jobs

PASSWORD = "Un-mot-de-passe-solide-2026"


def partnership(world, organisation) -> Partnership:
    return Partnership.objects.get(charter=world.charter, organisation=organisation)


def invite_url(world, organisation) -> str:
    return reverse("charter:account_invite", args=[world.charter.slug, partnership(world, organisation).pk])


def invitation_link() -> str:
    """The path of the link in the last e-mail sent."""
    body = mail.outbox[-1].body
    return re.search(r"https?://[^/\s]+(/invitation/\S+/)", body).group(1)


def set_password(client, link: str, password: str = PASSWORD):
    return client.post(link, {"new_password1": password, "new_password2": password})


def log_in(username: str, password: str = PASSWORD):
    client = client_as(None)
    response = client.post(reverse("login"), {"username": username, "password": password})
    return client, response


def test_invited_person_sets_a_password_once_and_logs_in_with_the_role_given(small_world):
    coordinator = client_as(small_world.coordinator)
    response = coordinator.post(
        invite_url(small_world, small_world.landlord_a),
        {
            "email": "Nouvelle.Referente@Example.org",
            "first_name": "Nora",
            "last_name": "Nouvelle",
            "role": "referent",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    account = User.objects.get(email="nouvelle.referente@example.org")
    assert account.organisation == small_world.landlord_a and account.role == Role.REFERENT
    assert not account.has_usable_password() and account.last_login is None
    assert Job.objects.filter(name="charter.send_account_invitation").count() == 1
    assert mail.outbox == []  # the e-mail is a job, not sent inside the request

    assert run_jobs() == ["done"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nouvelle.referente@example.org"]
    assert run_jobs() == []  # nothing sent twice
    link = invitation_link()

    visitor = client_as(None)
    assert visitor.get(link).status_code == 200
    response = set_password(visitor, link)
    assert response.status_code == 302 and response.url == reverse("login")
    account.refresh_from_db()
    assert account.check_password(PASSWORD)

    # The link died with its use: a second password is refused.
    stored = account.password
    response = set_password(client_as(None), link, "Un-autre-mot-de-passe-2026")
    assert (
        "n'est plus valable" in response.content.decode()
        or "n&#x27;est plus valable" in response.content.decode()
    )
    account.refresh_from_db()
    assert account.password == stored

    client, response = log_in(account.username)
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.last_login is not None and account.role == Role.REFERENT
    # The role given applies: a referent of landlord A edits landlord A's residence.
    edit = reverse("charter:residence_edit", args=[small_world.residence_a.pk])
    assert client.get(edit).status_code == 200
    assert client.get(reverse("charter:residence_edit", args=[small_world.residence_b.pk])).status_code == 404


def test_an_expired_link_is_refused(small_world, monkeypatch):
    client_as(small_world.coordinator).post(
        invite_url(small_world, small_world.landlord_a),
        {"email": "tard@example.org", "role": "committee_member"},
    )
    run_jobs()
    link = invitation_link()
    later = invitation_tokens._now() + dt.timedelta(days=8)
    monkeypatch.setattr(invitation_tokens, "_now", lambda: later)
    response = set_password(client_as(None), link)
    assert "n'est plus valable" in response.content.decode().replace("&#x27;", "'")
    assert not User.objects.get(email="tard@example.org").has_usable_password()


def test_a_forged_link_is_refused(small_world):
    client_as(small_world.coordinator).post(
        invite_url(small_world, small_world.landlord_a),
        {"email": "forge@example.org", "role": "committee_member"},
    )
    run_jobs()
    link = invitation_link()
    forged = link.rstrip("/")[:-3] + "abc/"
    assert "n'est plus valable" in client_as(None).get(forged).content.decode().replace("&#x27;", "'")
    assert "n'est plus valable" in client_as(None).get("/invitation/!!/x-y/").content.decode().replace(
        "&#x27;", "'"
    )


def test_a_referent_invites_colleagues_as_member_or_referent(small_world):
    referent = client_as(small_world.referent_a)
    url = invite_url(small_world, small_world.landlord_a)
    page = referent.get(url).content.decode()
    assert 'value="referent"' in page and 'value="coordinator"' not in page
    response = referent.post(url, {"email": "collegue@example.org", "role": "committee_member"})
    assert response.status_code == 302
    assert User.objects.get(email="collegue@example.org").organisation == small_world.landlord_a


def test_a_referent_cannot_invite_above_their_role(small_world):
    referent = client_as(small_world.referent_a)
    url = invite_url(small_world, small_world.landlord_a)
    assert_refused(
        referent,
        url,
        {"email": "chef@example.org", "role": "coordinator"},
        "Vous ne pouvez pas donner ce rôle",
    )
    assert not small_world.charter.coordination_group.user_set.filter(email="chef@example.org").exists()


@pytest.mark.parametrize("who", ["referent_a", "member", "outsider"])
def test_nobody_but_the_coordinator_invites_into_another_organisation(small_world, who):
    client = client_as(small_world.user(who))
    url = invite_url(small_world, small_world.landlord_b)
    before = all_counts()
    assert client.get(url).status_code == 404
    assert client.post(url, {"email": "intrus@example.org", "role": "committee_member"}).status_code == 404
    assert all_counts() == before


def test_an_existing_address_is_refused_in_french(small_world):
    coordinator = client_as(small_world.coordinator)
    assert_refused(
        coordinator,
        invite_url(small_world, small_world.region),
        {"email": "comite@example.org", "role": "committee_member"},
        "Un compte existe déjà avec cette adresse électronique.",
    )


def test_bad_input_is_refused_in_french(small_world):
    coordinator = client_as(small_world.coordinator)
    url = invite_url(small_world, small_world.region)
    assert_refused(
        coordinator, url, {"email": "pas-une-adresse", "role": "referent"}, "Saisissez une adresse"
    )
    assert_refused(
        coordinator, url, {"email": "a@example.org", "role": "chef"}, "Vous ne pouvez pas donner ce rôle"
    )
    assert_refused(coordinator, url, {"email": "", "role": "referent"}, "Ce champ est obligatoire.")


def test_inviting_again_sends_a_new_link_that_works(small_world):
    coordinator = client_as(small_world.coordinator)
    coordinator.post(
        invite_url(small_world, small_world.region), {"email": "lent@example.org", "role": "referent"}
    )
    account = User.objects.get(email="lent@example.org")
    response = coordinator.post(
        reverse("charter:account_reinvite", args=[small_world.charter.slug, account.pk])
    )
    assert response.status_code == 302
    assert AccountInvitation.objects.filter(user=account).count() == 2
    assert run_jobs() == ["done", "done"]
    assert len(mail.outbox) == 2
    assert set_password(client_as(None), invitation_link()).status_code == 302


def test_an_invited_coordinator_coordinates_the_charter(small_world):
    coordinator = client_as(small_world.coordinator)
    coordinator.post(
        invite_url(small_world, small_world.city), {"email": "adjointe@example.org", "role": "coordinator"}
    )
    account = User.objects.get(email="adjointe@example.org")
    assert small_world.charter.coordination_group.user_set.filter(pk=account.pk).exists()


def test_a_referent_cannot_change_the_role_of_a_pending_account_by_inviting_it_again(small_world):
    """The coordinator invited a referent; a referent of the same organisation « invites » the same address
    as a committee member: refused, the role and the coordination groups stay; the same role is resent."""
    coordinator = client_as(small_world.coordinator)
    url = invite_url(small_world, small_world.landlord_a)
    data = {"email": "attente@example.org", "role": "referent"}
    assert coordinator.post(url, data).status_code == 302
    account = User.objects.get(email="attente@example.org")
    referent = client_as(small_world.referent_a)
    assert_refused(referent, url, data | {"role": "committee_member"}, "Un compte existe déjà")
    account.refresh_from_db()
    assert account.role == Role.REFERENT
    # Sending a new link with the same role stays open to them.
    invitations = account.invitations.count()
    assert referent.post(url, data).status_code == 302
    assert account.invitations.count() == invitations + 1
