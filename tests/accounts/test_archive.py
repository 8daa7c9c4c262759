"""Removing a record from its page archives it: it leaves the lists, counts and public pages, but every
record that points to it keeps its link (the coordinator still opens it, shown « archivé »), its history
records who removed it and when, and restoring it brings everything back."""

import pytest
from django.urls import reverse

from actions.models import Action, ProjectSheet
from charter.models import Partnership, Residence
from gusp.core import archive
from tests.factories import (
    ActionFactory,
    CharterFactory,
    InterventionFactory,
    MilestoneFactory,
    OrganisationFactory,
    ProjectSheetFactory,
    ResidenceFactory,
    UserFactory,
)
from tests.utils import all_counts, assert_query_counts, client_as, count_queries

ARCHIVED = "archivé"


def remove(client, obj, next_url=""):
    key = obj._meta.label_lower
    url = reverse("charter:archive_confirm", args=[key, obj.pk])
    return _read_message(client, client.post(url, {"next": next_url}))


def restore(client, obj):
    key = obj._meta.label_lower
    return _read_message(client, client.post(reverse("charter:archive_restore", args=[key, obj.pk])))


def _read_message(client, response):
    """The confirmation names the record: show it once (on the page the user lands on), so that the pages
    read next by the test show only what they list."""
    if response.status_code == 302 and "/connexion/" not in response.url:
        client.get(response.url)
    return response


@pytest.fixture
def linked(small_world):
    """An action on residence A, and a journal entry about it."""
    sheet = ProjectSheetFactory(charter=small_world.charter, lead=small_world.landlord_a)
    action = ActionFactory(sheet=sheet, lead=small_world.landlord_a, residences=[small_world.residence_a])
    entry = InterventionFactory(
        action=action, author=small_world.referent_a, residence=small_world.residence_a
    )
    return sheet, action, entry


def test_archiving_a_residence_keeps_its_links_and_history_and_restoring_brings_it_back(small_world, linked):
    sheet, action, entry = linked
    w = small_world
    residence = w.residence_a
    coordinator = client_as(w.coordinator)
    versions = residence.history.count()

    confirm = coordinator.get(reverse("charter:archive_confirm", args=["charter.residence", residence.pk]))
    assert confirm.status_code == 200
    assert "entrée de journal" in confirm.content.decode()  # what points to it is said before removing

    response = remove(coordinator, residence, w.territory.get_absolute_url())
    assert response.status_code == 302 and response.url == w.territory.get_absolute_url()
    residence.refresh_from_db()
    assert residence.archived_at is not None and residence.archived_by == w.coordinator
    last = residence.history.order_by("-history_id").first()
    assert residence.history.count() == versions + 1 and last.history_user == w.coordinator
    assert last.archived_at is not None

    # Gone from lists, counts and public pages…
    residences_page = coordinator.get(reverse("charter:residence_list")).content.decode()
    assert "Les Tilleuls" not in residences_page and "Les Peupliers" in residences_page
    territory_page = coordinator.get(w.territory.get_absolute_url()).content.decode()
    assert "Les Tilleuls" not in territory_page
    assert Residence.objects.visible_to(w.coordinator).filter(pk=residence.pk).count() == 0
    assert client_as(None).get(residence.get_absolute_url()).status_code == 404
    assert client_as(w.referent_a).get(residence.get_absolute_url()).status_code == 404
    # … but every link is kept, and the coordinator still opens it.
    assert list(action.residences.all()) == [residence]
    entry.refresh_from_db()
    assert entry.residence_id == residence.pk
    page = coordinator.get(residence.get_absolute_url())
    assert page.status_code == 200 and ARCHIVED in page.content.decode()
    archives = coordinator.get(reverse("charter:archive_list", args=[w.charter.slug])).content.decode()
    assert "Les Tilleuls" in archives

    assert restore(coordinator, residence).status_code == 302
    residence.refresh_from_db()
    assert residence.archived_at is None and residence.history.count() == versions + 2
    assert "Les Tilleuls" in coordinator.get(reverse("charter:residence_list")).content.decode()
    assert client_as(w.referent_a).get(residence.get_absolute_url()).status_code == 200


def test_archiving_a_sheet_hides_its_actions_and_restoring_shows_them(small_world, linked):
    sheet, action, entry = linked
    coordinator = client_as(small_world.coordinator)
    assert remove(coordinator, sheet).status_code == 302
    assert not Action.objects.visible_to(small_world.member).filter(pk=action.pk).exists()
    assert not ProjectSheet.objects.visible_to(small_world.member).filter(pk=sheet.pk).exists()
    plan = coordinator.get(reverse("actions:plan", args=[small_world.charter.slug])).content.decode()
    assert action.title not in plan
    assert client_as(small_world.member).get(sheet.get_absolute_url()).status_code == 404
    assert (
        coordinator.get(action.get_absolute_url()).status_code == 200
    )  # links keep working for the coordinator
    assert restore(coordinator, sheet).status_code == 302
    assert Action.objects.visible_to(small_world.member).filter(pk=action.pk).exists()


def test_removing_a_partner_ends_its_membership_until_restored(small_world):
    partnership = Partnership.objects.get(charter=small_world.charter, organisation=small_world.region)
    plan = reverse("actions:plan", args=[small_world.charter.slug])
    assert client_as(small_world.member).get(plan).status_code == 200
    coordinator = client_as(small_world.coordinator)
    assert remove(coordinator, partnership).status_code == 302
    assert client_as(small_world.member).get(plan).status_code == 404
    assert restore(coordinator, partnership).status_code == 302
    assert client_as(small_world.member).get(plan).status_code == 200


def test_a_milestone_is_removed_and_restored(small_world):
    milestone = MilestoneFactory(sheet=ProjectSheetFactory(charter=small_world.charter))
    coordinator = client_as(small_world.coordinator)
    assert remove(coordinator, milestone).status_code == 302
    assert milestone.label not in coordinator.get(milestone.sheet.get_absolute_url()).content.decode()
    assert restore(coordinator, milestone).status_code == 302
    assert milestone.label in coordinator.get(milestone.sheet.get_absolute_url()).content.decode()


@pytest.mark.parametrize("who", ["referent_a", "member", "outsider", "anonymous", "other_coordinator"])
def test_another_partner_neither_removes_nor_restores(small_world, who):
    if who == "other_coordinator":
        other = CharterFactory(commune="Ailleurs")
        user = UserFactory(
            coordinator=True, organisation=OrganisationFactory(kind="commune"), charters=[other]
        )
    else:
        user = small_world.user(who)
    client = client_as(user)
    archived = ResidenceFactory(
        territory=small_world.territory, landlord=small_world.landlord_a, name="Cachée"
    )
    remove(client_as(small_world.coordinator), archived)
    before = all_counts()
    for obj in (small_world.residence_a, small_world.territory):
        assert remove(client, obj).status_code in (302, 404)  # 302: sent to the login page
        obj.refresh_from_db()
        assert obj.archived_at is None
    assert restore(client, archived).status_code in (302, 404)
    archived.refresh_from_db()
    assert archived.archived_at is not None
    assert all_counts() == before


def test_an_unknown_or_non_archivable_model_is_a_404(small_world):
    client = client_as(small_world.coordinator)
    assert (
        client.post(
            reverse("charter:archive_confirm", args=["charter.user", small_world.member.pk])
        ).status_code
        == 404
    )
    assert client.post(reverse("charter:archive_confirm", args=["nothing.here", 1])).status_code == 404


def test_archiving_twice_is_refused_in_french(small_world):
    client = client_as(small_world.coordinator)
    remove(client, small_world.residence_a)
    url = reverse("charter:archive_confirm", args=["charter.residence", small_world.residence_a.pk])
    response = client.post(url)
    assert response.status_code == 302
    assert "déjà archivé" in client.get(response.url).content.decode()


def _archive_some(world, n: int) -> None:
    coordinator = world.coordinator
    for i in range(n):
        residence = ResidenceFactory(territory=world.territory, landlord=world.landlord_a, name=f"R{i}")
        archive.archive(residence, by=coordinator)
        archive.archive(ProjectSheetFactory(charter=world.charter), by=coordinator)
        archive.archive(MilestoneFactory(sheet=ProjectSheetFactory(charter=world.charter)), by=coordinator)


def test_archive_and_partner_pages_query_counts(small_world, snapshot):
    w = small_world
    client = client_as(w.coordinator)
    region = Partnership.objects.get(charter=w.charter, organisation=w.region)
    pages = {
        "archive_list": reverse("charter:archive_list", args=[w.charter.slug]),
        "partner_list": reverse("charter:partner_list", args=[w.charter.slug]),
        "partner_detail": reverse("charter:partner_detail", args=[w.charter.slug, region.pk]),
        "account_list": reverse("charter:account_list", args=[w.charter.slug]),
        "my_account": reverse("charter:my_account"),
    }
    _archive_some(w, 2)
    count_queries(client, pages)  # warm the process-wide caches (content types) once
    small = count_queries(client, pages)
    _archive_some(w, 6)
    for _ in range(6):
        UserFactory(organisation=w.region)
        OrganisationFactory(partner_of=[w.charter], kind="association")
    large = count_queries(client, pages)
    assert_query_counts(small, large, snapshot)
    # The archives page reads one short query per kind of archivable record (18 kinds), whatever their number.
    assert max(small.values()) <= 30
