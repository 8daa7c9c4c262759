"""The permission matrix, by HTTP, on the small world (`small_world` fixture): every role × (own object,
another partner's object, unpublished objects, the charter) × (view, edit). Every refusal leaves the
database as it was."""

import datetime as dt

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from charter.models import Charter, Correspondent, Residence, Territory
from charter.services import add_partner, create_charter, create_organisation
from tests.factories import ResidenceFactory, TerritoryFactory
from tests.utils import stored_state

OK, DENIED, LOGIN = "ok", "denied", "login"
ROLES = ["anonymous", "coordinator", "referent_a", "referent_b", "member", "outsider"]
OBJECTS = ["own_residence", "other_residence", "unpublished_residence", "unpublished_territory", "charter"]

# What each role may do, from the point of view of landlord A's referent ("own" = landlord A's residence).
VIEW = {
    "anonymous": {"unpublished_residence": DENIED, "unpublished_territory": DENIED},
    "outsider": {"unpublished_residence": DENIED, "unpublished_territory": DENIED},
}
EDIT = {
    "anonymous": dict.fromkeys(OBJECTS, LOGIN),
    "coordinator": dict.fromkeys(OBJECTS, OK),
    "referent_a": {"own_residence": OK, "unpublished_residence": OK},
    "referent_b": {"other_residence": OK},
    "member": {},
    "outsider": {},
}


@pytest.fixture
def world(small_world):
    """The small world plus an unpublished quarter holding a residence of landlord A."""
    hidden = TerritoryFactory(
        charter=small_world.charter, name="Quartier en projet", phase=3, is_published=False
    )
    return {
        "own_residence": small_world.residence_a,
        "other_residence": small_world.residence_b,
        "unpublished_residence": ResidenceFactory(
            territory=hidden, landlord=small_world.landlord_a, name="Résidence cachée", dwellings=12
        ),
        "unpublished_territory": hidden,
        "charter": small_world.charter,
    }


def urls(obj):
    if isinstance(obj, Residence):
        return reverse("charter:residence_detail", args=[obj.pk]), reverse(
            "charter:residence_edit", args=[obj.pk]
        )
    if isinstance(obj, Territory):
        return reverse("charter:territory_detail", args=[obj.pk]), reverse(
            "charter:territory_edit", args=[obj.pk]
        )
    return reverse("charter:charter_detail", args=[obj.slug]), reverse(
        "charter:charter_edit", args=[obj.slug]
    )


def edit_payload(obj) -> dict:
    if isinstance(obj, Residence):
        return {
            "name": "Nom modifié",
            "dwellings": 999,
            "address": "",
            "notes": "",
            "territory": obj.territory_id,
            "landlord": obj.landlord_id,
        }
    if isinstance(obj, Territory):
        return {"name": "Nom modifié", "phase": obj.phase, "description": "", "perimeter": ""}
    return {
        "title": "Titre modifié",
        "commune": obj.commune,
        "starts_on": obj.starts_on.isoformat(),
        "ends_on": obj.ends_on.isoformat(),
        "extension_rule": "",
        "summary": "",
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", OBJECTS)
def test_view(world, small_world, client_as, role, target):
    view_url, _ = urls(world[target])
    response = client_as(small_world.user(role)).get(view_url)
    expected = VIEW.get(role, {}).get(target, OK)
    if expected == OK:
        assert response.status_code == 200
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", OBJECTS)
def test_edit(world, small_world, client_as, role, target):
    obj = world[target]
    _, edit_url = urls(obj)
    user = small_world.user(role)
    client = client_as(user)
    before = stored_state(obj)
    expected = EDIT[role].get(target, DENIED)

    form_page = client.get(edit_url)
    response = client.post(edit_url, edit_payload(obj))

    if expected == OK:
        assert form_page.status_code == 200
        assert response.status_code == 302, response.content.decode()[:2000]
        after = stored_state(obj)
        assert after[0] != before[0]
        assert after[1] == before[1] + 1  # one audit record, by this user
        assert type(obj).history.model.objects.latest("history_date").history_user == user
    else:
        if expected == LOGIN:
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("login"))
        else:
            assert form_page.status_code in (403, 404)
            assert response.status_code in (403, 404)
        assert stored_state(obj) == before


def test_another_partners_residence_is_a_404_not_a_403(world, small_world, client_as):
    """A forged edit on another landlord's residence does not even confirm it can be edited."""
    other = world["other_residence"]
    response = client_as(small_world.referent_a).post(
        reverse("charter:residence_edit", args=[other.pk]), edit_payload(other)
    )
    assert response.status_code == 404


def test_landlord_referent_cannot_move_a_residence_to_another_landlord(world, small_world, client_as):
    """The landlord's form has no landlord or quarter field: a forged one is ignored."""
    own = world["own_residence"]
    payload = edit_payload(own) | {"landlord": small_world.landlord_b.pk}
    response = client_as(small_world.referent_a).post(
        reverse("charter:residence_edit", args=[own.pk]), payload
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.landlord == small_world.landlord_a
    assert own.name == "Nom modifié"


def test_coordinator_moving_a_residence_moves_the_edit_right(world, small_world, client_as):
    own = world["own_residence"]
    payload = edit_payload(own) | {"landlord": small_world.landlord_b.pk}
    url = reverse("charter:residence_edit", args=[own.pk])
    assert client_as(small_world.coordinator).post(url, payload).status_code == 302
    assert client_as(small_world.referent_b).get(url).status_code == 200
    assert client_as(small_world.referent_a).get(url).status_code == 404


def test_unpublished_charter_is_invisible_to_non_members(small_world, client_as):
    charter = small_world.charter
    url = reverse("charter:charter_detail", args=[charter.slug])
    assert charter.title in client_as(None).get(reverse("charter:charter_list")).content.decode()
    Charter.objects.filter(pk=charter.pk).update(is_published=False)
    assert client_as(None).get(url).status_code == 404
    assert client_as(small_world.outsider).get(url).status_code == 404
    assert client_as(small_world.member).get(url).status_code == 200
    listing = client_as(None).get(reverse("charter:charter_list"))
    assert charter.title not in listing.content.decode()


def test_residence_list_requires_login_and_marks_editable_rows(world, small_world, client_as):
    assert client_as(None).get(reverse("charter:residence_list")).status_code == 302
    page = client_as(small_world.referent_a).get(reverse("charter:residence_list"))
    own, other = world["own_residence"], world["other_residence"]
    html = page.content.decode()
    assert reverse("charter:residence_edit", args=[own.pk]) in html
    assert reverse("charter:residence_edit", args=[other.pk]) not in html


def test_referent_edits_only_own_correspondents(small_world, client_as):
    # Correspondents carry no permission of their own (no service writes them): built directly.
    charter = small_world.charter
    own = Correspondent.objects.create(
        charter=charter, organisation=small_world.landlord_a, full_name="Muriel"
    )
    other = Correspondent.objects.create(
        charter=charter, organisation=small_world.landlord_b, full_name="André"
    )
    payload = {
        "organisation": own.organisation_id,
        "full_name": "Muriel",
        "position": "Directrice",
        "email": "",
        "phone": "",
        "is_director": "",
    }
    client = client_as(small_world.referent_a)
    url = reverse("charter:correspondent_edit", args=[charter.slug, own.pk])
    assert client.post(url, payload).status_code == 302
    own.refresh_from_db()
    assert own.position == "Directrice"

    url = reverse("charter:correspondent_edit", args=[charter.slug, other.pk])
    before = model_to_dict(other)
    assert client.post(url, payload | {"organisation": other.organisation_id}).status_code == 404
    other.refresh_from_db()
    assert model_to_dict(other) == before


def test_organisations_of_a_hidden_charter_are_hidden(world, small_world, client_as):
    """An organisation only known through an unpublished charter is not listed, not even counted."""
    secret = create_charter(
        title="Charte secrète",
        commune="Ailleurs",
        starts_on=dt.date(2020, 1, 1),
        ends_on=dt.date(2022, 12, 31),
    )
    hidden = create_organisation(name="Bailleur confidentiel", kind="landlord", slug="confidentiel")
    add_partner(charter=secret, organisation=hidden)
    territory = TerritoryFactory(charter=secret)
    ResidenceFactory(territory=territory, landlord=small_world.landlord_a, name="X", dwellings=5)
    client = client_as(small_world.referent_b)
    listing = client.get(reverse("charter:organisation_list")).content.decode()
    assert "Bailleur confidentiel" not in listing
    assert client.get(reverse("charter:organisation_detail", args=["confidentiel"])).status_code == 404
    row = listing[listing.index(f">{small_world.landlord_a.name}<") :]
    row = row[: row.index("</tr>")]
    assert (
        ">2</td>" in row
    )  # 2 residences of landlord A visible (Les Tilleuls, Résidence cachée), not the secret one


def test_residence_list_is_paginated(demo, client_as):
    from charter.views import residences

    territory = demo.territories.get(slug="la-tuiliere")
    landlord = Residence.objects.get(landlord__slug="logirem").landlord
    Residence.objects.bulk_create(
        [Residence(territory=territory, landlord=landlord, name=f"R{i:03d}", dwellings=1) for i in range(120)]
    )
    client = client_as("coordination")
    first = client.get(reverse("charter:residence_list") + "?charter=vitrolles-2007").content.decode()
    assert first.count("/modifier/") == residences.RESIDENCES_PER_PAGE
    assert "Page 1 sur 2" in first and "charter=vitrolles-2007&amp;page=2" in first
    second = client.get(reverse("charter:residence_list") + "?charter=vitrolles-2007&page=2").content.decode()
    assert second.count("/modifier/") == 128 - residences.RESIDENCES_PER_PAGE
    assert "128 résidences" in second
