"""The coordinator runs the partners and their accounts from the platform: partners added (existing or new
organisation, signatory or not), roles changed, accounts deactivated (history kept) and seen when never
logged in. Every write view refuses another partner with the database unchanged; operator-only pages refuse
a coordinator."""

import pytest
from django.contrib.sessions.models import Session
from django.forms.models import model_to_dict
from django.urls import reverse

from actions.models import Intervention
from charter.models import LoginSession, Organisation, Partnership, Role, User
from tests.factories import CharterFactory, InterventionFactory, OrganisationFactory, UserFactory
from tests.utils import all_counts, assert_refused, client_as


def account_state(user) -> tuple:
    """An account as stored, with its groups."""
    fresh = User.objects.get(pk=user.pk)
    return model_to_dict(fresh, exclude=["groups", "user_permissions"]), sorted(
        fresh.groups.values_list("pk", flat=True)
    )


def test_the_coordinator_adds_an_existing_organisation_as_signatory(small_world):
    police = OrganisationFactory(name="Police nationale", kind="police")
    response = client_as(small_world.coordinator).post(
        reverse("charter:partner_add", args=[small_world.charter.slug]),
        {"organisation": police.pk, "is_signatory": "on"},
    )
    assert response.status_code == 302
    partnership = Partnership.objects.get(charter=small_world.charter, organisation=police)
    assert partnership.is_signatory and response.url.endswith(f"/partenaires/{partnership.pk}/")


def test_the_coordinator_creates_a_partner_organisation(small_world):
    response = client_as(small_world.coordinator).post(
        reverse("charter:partner_add", args=[small_world.charter.slug]),
        {"name": "Association des locataires", "kind": "association"},
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Association des locataires")
    assert organisation.group_id and not Partnership.objects.get(organisation=organisation).is_signatory


def test_adding_a_partner_refuses_bad_input_in_french(small_world):
    client = client_as(small_world.coordinator)
    url = reverse("charter:partner_add", args=[small_world.charter.slug])
    assert_refused(
        client,
        url,
        {"organisation": ""},
        "Choisissez une organisation, ou donnez le nom d&#x27;une nouvelle.",
    )
    assert_refused(client, url, {"name": "Sans nature"}, "Indiquez la nature de la nouvelle organisation.")
    assert_refused(client, url, {"organisation": small_world.city.pk}, "déjà partenaire")
    assert_refused(
        client, url, {"name": "Ville de Testeville", "kind": "commune"}, "Une organisation porte déjà ce nom"
    )


def test_the_coordinator_changes_a_role(small_world):
    url = reverse("charter:account_role", args=[small_world.charter.slug, small_world.member.pk])
    response = client_as(small_world.coordinator).post(url, {"role": "referent"})
    assert response.status_code == 302
    small_world.member.refresh_from_db()
    assert small_world.member.role == Role.REFERENT


def test_a_deactivated_account_cannot_log_in_and_its_history_stays(small_world):
    intervention = InterventionFactory(action__lead=small_world.landlord_a, author=small_world.referent_a)
    small_world.referent_a.set_password("mot-de-passe-du-referent")
    small_world.referent_a.save()
    logged = client_as(None)
    logged.post(
        reverse("login"),
        {"username": small_world.referent_a.username, "password": "mot-de-passe-du-referent"},
    )
    session_key = LoginSession.objects.get(user=small_world.referent_a).session_key
    url = reverse("charter:account_deactivate", args=[small_world.charter.slug, small_world.referent_a.pk])
    assert client_as(small_world.coordinator).post(url).status_code == 302
    small_world.referent_a.refresh_from_db()
    assert not small_world.referent_a.is_active
    assert Intervention.objects.filter(pk=intervention.pk, author=small_world.referent_a).exists()
    response = client_as(None).post(
        reverse("login"),
        {"username": small_world.referent_a.username, "password": "mot-de-passe-du-referent"},
    )
    assert response.status_code == 200  # the login page again, with an error
    assert logged.get(reverse("charter:my_account")).status_code == 302  # sent to the login page
    assert not Session.objects.filter(session_key=session_key).exists()  # logged out everywhere


def test_the_coordinator_sees_who_never_logged_in(small_world):
    client = client_as(small_world.coordinator)
    page = client.get(reverse("charter:account_list", args=[small_world.charter.slug]) + "?jamais=1")
    html = page.content.decode()
    assert f"<td>{small_world.member.username}</td>" in html
    assert f"<td>{small_world.coordinator.username}</td>" not in html


def edit_views(world):
    """Every new write view of the partners and accounts, with a valid POST."""
    slug = world.charter.slug
    partnership = Partnership.objects.get(charter=world.charter, organisation=world.region)
    return {
        "partner_add": (reverse("charter:partner_add", args=[slug]), {"name": "Nouvelle", "kind": "other"}),
        "partnership_edit": (
            reverse("charter:partnership_edit", args=[slug, partnership.pk]),
            {"is_signatory": "on"},
        ),
        "account_invite": (
            reverse("charter:account_invite", args=[slug, partnership.pk]),
            {"email": "x@example.org", "role": "committee_member"},
        ),
        "account_role": (
            reverse("charter:account_role", args=[slug, world.member.pk]),
            {"role": "coordinator"},
        ),
        "account_deactivate": (reverse("charter:account_deactivate", args=[slug, world.member.pk]), {}),
        "account_reactivate": (reverse("charter:account_reactivate", args=[slug, world.member.pk]), {}),
        "account_reinvite": (reverse("charter:account_reinvite", args=[slug, world.member.pk]), {}),
        "archive": (
            reverse("charter:archive_confirm", args=["charter.partnership", partnership.pk]),
            {},
        ),
    }


@pytest.mark.parametrize("who", ["referent_a", "member", "outsider", "other_coordinator"])
@pytest.mark.parametrize(
    "view",
    [
        "partner_add",
        "partnership_edit",
        "account_invite",
        "account_role",
        "account_deactivate",
        "account_reactivate",
        "account_reinvite",
        "archive",
    ],
)
def test_another_partner_changes_nothing(small_world, who, view):
    if who == "other_coordinator":
        other = CharterFactory(commune="Ailleurs")
        user = UserFactory(
            coordinator=True, organisation=OrganisationFactory(kind="commune"), charters=[other]
        )
    else:
        user = small_world.user(who)
    url, data = edit_views(small_world)[view]
    client = client_as(user)
    state = account_state(small_world.member)
    counts = all_counts()
    response = client.post(url, data)
    assert response.status_code in (403, 404), (view, who, response.status_code)
    assert all_counts() == counts
    assert account_state(small_world.member) == state


def test_a_coordinator_cannot_change_the_coordinator_of_another_charter(small_world):
    other = CharterFactory(commune="Ailleurs")
    small_world.referent_b.groups.add(other.coordination_group)
    url = reverse("charter:account_role", args=[small_world.charter.slug, small_world.referent_b.pk])
    client = client_as(small_world.coordinator)
    before = all_counts()
    assert client.post(url, {"role": "committee_member"}).status_code == 404
    assert all_counts() == before
    assert User.objects.get(pk=small_world.referent_b.pk).role == Role.REFERENT


def test_operator_pages_refuse_a_coordinator(small_world):
    client = client_as(small_world.coordinator)
    before = all_counts()
    url = reverse("charter:operator_charter_create")
    assert client.get(url).status_code == 403
    data = {"title": "Charte", "commune": "Nouvelleville", "starts_on": "2026-01-01", "ends_on": "2028-12-31"}
    assert client.post(url, data).status_code == 403
    coordination = reverse("charter:operator_charter_coordinators", args=[small_world.charter.slug])
    assert client.post(coordination, {"coordinators": [small_world.referent_a.pk]}).status_code == 403
    assert all_counts() == before
