"""The permission matrix, by HTTP: every role × (own object, another partner's object, unpublished
objects, the charter) × (view, edit). Every refusal leaves the database as it was."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from charter.models import Charter, Residence, Territory
from charter.services import save_residence
from tests.factories import OrganisationFactory, UserFactory

OK, DENIED, LOGIN = "ok", "denied", "login"
ROLES = ["anonymous", "coordination", "opac-sud", "logirem", "comite", "outsider"]
OBJECTS = ["own_residence", "other_residence", "unpublished_residence", "unpublished_territory", "charter"]

# What each role may do, from the point of view of the OPAC Sud referent ("own" = OPAC Sud's residence).
VIEW = {
    "anonymous": {"unpublished_residence": DENIED, "unpublished_territory": DENIED},
    "outsider": {"unpublished_residence": DENIED, "unpublished_territory": DENIED},
}
EDIT = {
    "anonymous": dict.fromkeys(OBJECTS, LOGIN),
    "coordination": dict.fromkeys(OBJECTS, OK),
    "opac-sud": {"own_residence": OK, "unpublished_residence": OK},
    "logirem": {"other_residence": OK},
    "comite": {},
    "outsider": {},
}


@pytest.fixture
def world(demo):
    """The demo charter plus an unpublished quarter holding an OPAC Sud residence, and a user whose
    organisation takes no part in the Vitrolles charter."""
    hidden = Territory.objects.create(charter=demo, name="Quartier en projet", slug="en-projet", phase=3)
    opac_residence = Residence.objects.get(landlord__slug="opac-sud", name="Les Pins")
    hidden_residence = save_residence(
        residence=Residence(
            territory=hidden, landlord=opac_residence.landlord, name="Résidence cachée", dwellings=12
        )
    )
    UserFactory(username="outsider", referent=True, organisation=OrganisationFactory(kind="landlord"))
    return {
        "own_residence": opac_residence,
        "other_residence": Residence.objects.get(landlord__slug="logirem"),
        "unpublished_residence": hidden_residence,
        "unpublished_territory": hidden,
        "charter": demo,
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


def snapshot(obj) -> tuple:
    fresh = type(obj).objects.get(pk=obj.pk)
    return model_to_dict(fresh), fresh.history.count()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", OBJECTS)
def test_view(world, client_as, role, target):
    view_url, _ = urls(world[target])
    response = client_as(None if role == "anonymous" else role).get(view_url)
    expected = VIEW.get(role, {}).get(target, OK)
    if expected == OK:
        assert response.status_code == 200
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", OBJECTS)
def test_edit(world, client_as, role, target):
    obj = world[target]
    _, edit_url = urls(obj)
    client = client_as(None if role == "anonymous" else role)
    before = snapshot(obj)
    expected = EDIT[role].get(target, DENIED)

    form_page = client.get(edit_url)
    response = client.post(edit_url, edit_payload(obj))

    if expected == OK:
        assert form_page.status_code == 200
        assert response.status_code == 302, response.content.decode()[:2000]
        after = snapshot(obj)
        assert after != before
        assert after[1] == before[1] + 1  # one audit record, by this user
        assert type(obj).history.model.objects.latest("history_date").history_user.username == role
    else:
        if expected == LOGIN:
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("login"))
        else:
            assert form_page.status_code in (403, 404)
            assert response.status_code in (403, 404)
        assert snapshot(obj) == before


def test_another_partners_residence_is_a_404_not_a_403(world, client_as):
    """A forged edit on another landlord's residence does not even confirm it can be edited."""
    other = world["other_residence"]
    response = client_as("opac-sud").post(
        reverse("charter:residence_edit", args=[other.pk]), edit_payload(other)
    )
    assert response.status_code == 404


def test_landlord_referent_cannot_move_a_residence_to_another_landlord(world, client_as):
    """The landlord's form has no landlord or quarter field: a forged one is ignored."""
    own = world["own_residence"]
    payload = edit_payload(own) | {"landlord": world["other_residence"].landlord_id}
    response = client_as("opac-sud").post(reverse("charter:residence_edit", args=[own.pk]), payload)
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.landlord.slug == "opac-sud"
    assert own.name == "Nom modifié"


def test_coordinator_moving_a_residence_moves_the_edit_right(world, client_as):
    own = world["own_residence"]
    logirem = world["other_residence"].landlord
    payload = edit_payload(own) | {"landlord": logirem.pk}
    assert (
        client_as("coordination").post(reverse("charter:residence_edit", args=[own.pk]), payload).status_code
        == 302
    )
    assert client_as("logirem").get(reverse("charter:residence_edit", args=[own.pk])).status_code == 200
    assert client_as("opac-sud").get(reverse("charter:residence_edit", args=[own.pk])).status_code == 404


def test_unpublished_charter_is_invisible_to_non_members(demo, client_as):
    Charter.objects.filter(pk=demo.pk).update(is_published=False)
    UserFactory(username="outsider", referent=True)
    assert client_as(None).get(reverse("charter:charter_detail", args=[demo.slug])).status_code == 404
    assert client_as("outsider").get(reverse("charter:charter_detail", args=[demo.slug])).status_code == 404
    assert client_as("comite").get(reverse("charter:charter_detail", args=[demo.slug])).status_code == 200
    listing = client_as(None).get(reverse("charter:charter_list"))
    assert demo.title not in listing.content.decode()


def test_residence_list_requires_login_and_marks_editable_rows(world, client_as):
    assert client_as(None).get(reverse("charter:residence_list")).status_code == 302
    page = client_as("opac-sud").get(reverse("charter:residence_list"))
    own, other = world["own_residence"], world["other_residence"]
    html = page.content.decode()
    assert reverse("charter:residence_edit", args=[own.pk]) in html
    assert reverse("charter:residence_edit", args=[other.pk]) not in html


def test_referent_edits_only_own_correspondents(demo, client_as):
    opac_person = demo.correspondents.get(full_name="Muriel QUENIN")
    logirem_person = demo.correspondents.get(full_name="André PADILLA")
    payload = {
        "organisation": opac_person.organisation_id,
        "full_name": "Muriel QUENIN",
        "position": "Directrice",
        "email": "",
        "phone": "",
        "is_director": "",
    }
    url = reverse("charter:correspondent_edit", args=[demo.slug, opac_person.pk])
    assert client_as("opac-sud").post(url, payload).status_code == 302
    opac_person.refresh_from_db()
    assert opac_person.position == "Directrice"

    url = reverse("charter:correspondent_edit", args=[demo.slug, logirem_person.pk])
    before = model_to_dict(logirem_person)
    assert (
        client_as("opac-sud")
        .post(url, payload | {"organisation": logirem_person.organisation_id})
        .status_code
        == 404
    )
    logirem_person.refresh_from_db()
    assert model_to_dict(logirem_person) == before


def test_organisations_of_a_hidden_charter_are_hidden(world, client_as):
    """An organisation only known through an unpublished charter is not listed, not even counted."""
    import datetime as dt

    from charter.services import add_partner, create_charter, create_organisation

    secret = create_charter(title="Charte secrète", commune="Ailleurs", starts_on=dt.date(2020, 1, 1),
                            ends_on=dt.date(2022, 12, 31))  # fmt: skip
    hidden = create_organisation(name="Bailleur confidentiel", kind="landlord", slug="confidentiel")
    add_partner(charter=secret, organisation=hidden)
    territory = Territory.objects.create(charter=secret, name="Q", slug="q", is_published=True)
    save_residence(residence=Residence(territory=territory, landlord=world["own_residence"].landlord, name="X",
                                       dwellings=5))  # fmt: skip
    listing = client_as("logirem").get(reverse("charter:organisation_list")).content.decode()
    assert "Bailleur confidentiel" not in listing
    assert (
        client_as("logirem").get(reverse("charter:organisation_detail", args=["confidentiel"])).status_code
        == 404
    )
    opac_row = listing[listing.index(">OPAC Sud<") :]
    opac_row = opac_row[: opac_row.index("</tr>")]
    assert ">2</td>" in opac_row  # 2 OPAC residences visible (Les Pins, Résidence cachée), not the secret one


def test_residence_list_is_paginated(demo, client_as):
    from charter import views

    territory = demo.territories.get(slug="la-tuiliere")
    landlord = Residence.objects.get(landlord__slug="logirem").landlord
    Residence.objects.bulk_create(
        [Residence(territory=territory, landlord=landlord, name=f"R{i:03d}", dwellings=1) for i in range(120)]
    )
    client = client_as("coordination")
    first = client.get(reverse("charter:residence_list") + "?charter=vitrolles-2007").content.decode()
    assert first.count("/modifier/") == views.RESIDENCES_PER_PAGE
    assert "Page 1 sur 2" in first and "charter=vitrolles-2007&amp;page=2" in first
    second = client.get(reverse("charter:residence_list") + "?charter=vitrolles-2007&page=2").content.decode()
    assert second.count("/modifier/") == 128 - views.RESIDENCES_PER_PAGE
    assert "128 résidences" in second
