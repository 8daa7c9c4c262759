"""The last records the coordinator edits or removes from their page (issue 13), on the Vitrolles demo:
- a partner organisation's details (name, short name, kind), from the partner's page: never removed (they
  are shared by every charter; removing a partner from a charter archives the partnership);
- sub-themes, removed (archived, with the orientations filed under them) and restored from the list of
  themes;
- the commune-wide figures of Annex 2, added, edited, removed and restored from the charter's page.

The coordinator's edit is saved and recorded in the record's history; another partner (even on their own
organisation), a committee member and a visitor are refused and nothing is written; a bad input is answered
400 with a French message and nothing is written; archiving then restoring keeps every link."""

import re
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from actions.models import ProjectSheet
from charter.models import CharterFigure, Orientation, Partnership, SubTheme
from charter.perms import can_edit_organisation
from tests.factories import CharterFactory, OrganisationFactory, UserFactory
from tests.utils import all_counts, assert_refused, client_as, stored_state

OTHERS = ["logirem", "comite", None]


def post(client, url, data):
    """A form post with its one-time key, as the page sends it."""
    return client.post(url, data | {"form_key": uuid.uuid4().hex})


def assert_refused_to(username, response) -> None:
    """Refused: a visitor (`username` None) is sent to the login page, a partner gets a 403 or a 404."""
    if username is None:
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    else:
        assert response.status_code in (403, 404), response.status_code


def archive_url(obj) -> str:
    return reverse("charter:archive_confirm", args=[obj._meta.label_lower, obj.pk])


def restore_url(obj) -> str:
    return reverse("charter:archive_restore", args=[obj._meta.label_lower, obj.pk])


def follow(client, response):
    """Read the page a removal or a restoration lands on once, so that its message (which names the
    record) is not shown on the pages the test reads next."""
    if response.status_code == 302 and "/connexion/" not in response.url:
        client.get(response.url)
    return response


def last_author(obj) -> str:
    return obj.history.order_by("-history_id").first().history_user.username


# Organisations -------------------------------------------------------------------------------------


@pytest.fixture
def cpa(demo) -> Partnership:
    """The Pays d'Aix agglomeration, a partner of the Vitrolles charter."""
    return Partnership.objects.select_related("organisation").get(charter=demo, organisation__slug="cpa")


def organisation_url(partnership) -> str:
    return reverse("charter:organisation_edit", args=[partnership.charter.slug, partnership.pk])


def organisation_data(organisation, **overrides) -> dict:
    return {
        "name": organisation.name,
        "short_name": organisation.short_name,
        "kind": organisation.kind,
        "edit_version": organisation.version,
    } | overrides


def test_the_coordinator_edits_a_partner_organisation_and_its_history_is_kept(demo, coordinator, cpa):
    organisation = cpa.organisation
    detail = reverse("charter:partner_detail", args=[demo.slug, cpa.pk])
    assert organisation_url(cpa) in coordinator.get(detail).content.decode()
    assert coordinator.get(organisation_url(cpa)).status_code == 200
    versions = organisation.history.count()

    response = post(
        coordinator,
        organisation_url(cpa),
        organisation_data(organisation, name="Métropole Aix-Marseille-Provence", short_name="Métropole AMP"),
    )

    assert response.status_code == 302 and response.url == detail
    organisation.refresh_from_db()
    assert (organisation.name, organisation.short_name) == (
        "Métropole Aix-Marseille-Provence",
        "Métropole AMP",
    )
    assert organisation.slug == "cpa" and organisation.kind == "intercommunality"  # its address stays
    assert organisation.history.count() == versions + 1 and last_author(organisation) == "coordination"
    assert "Métropole Aix-Marseille-Provence" in coordinator.get(detail).content.decode()


@pytest.mark.parametrize("username", OTHERS)
def test_others_do_not_edit_an_organisation(demo, username):
    # LOGIREM's referent opens their own partner page, but the organisation's details are the coordinator's.
    partnership = Partnership.objects.get(charter=demo, organisation__slug="logirem")
    organisation = partnership.organisation
    client = client_as(username)
    if username == "logirem":
        page = client.get(reverse("charter:partner_detail", args=[demo.slug, partnership.pk]))
        assert page.status_code == 200 and organisation_url(partnership) not in page.content.decode()
    before = stored_state(organisation)

    for response in [
        client.get(organisation_url(partnership)),
        post(client, organisation_url(partnership), organisation_data(organisation, name="Renommée")),
    ]:
        assert_refused_to(username, response)

    assert stored_state(organisation) == before


def test_bad_organisation_input_is_refused_in_french(demo, coordinator, cpa):
    organisation = cpa.organisation
    logirem = Partnership.objects.get(charter=demo, organisation__slug="logirem")
    before = stored_state(organisation), stored_state(logirem.organisation)

    # The name of another organisation, whatever its case.
    assert_refused(
        coordinator,
        organisation_url(cpa),
        organisation_data(organisation, name="opac sud"),
        "Une autre organisation porte déjà ce nom.",
    )
    assert_refused(
        coordinator,
        organisation_url(cpa),
        organisation_data(organisation, kind="pas-une-nature"),
        "Choisissez une nature de la liste.",
    )
    # A landlord with residences stays a landlord: its residences and their edit rights hang on it.
    assert_refused(
        coordinator,
        organisation_url(logirem),
        organisation_data(logirem.organisation, kind="association"),
        "elle reste un bailleur social.",
    )

    assert (stored_state(organisation), stored_state(logirem.organisation)) == before


def test_only_the_coordinators_of_a_charter_it_takes_part_in_edit_an_organisation(demo, cpa):
    other = CharterFactory(commune="Ailleurs")
    elsewhere = UserFactory(
        coordinator=True, organisation=OrganisationFactory(kind="commune"), charters=[other]
    )
    assert not can_edit_organisation(elsewhere, cpa.organisation)
    # Through their own charter's pages, the partnership of another charter is a 404.
    client = client_as(elsewhere)
    before = stored_state(cpa.organisation)
    url = reverse("charter:organisation_edit", args=[other.slug, cpa.pk])
    assert client.get(url).status_code == 404
    assert post(client, url, organisation_data(cpa.organisation, name="Renommée")).status_code == 404
    assert stored_state(cpa.organisation) == before

    # Once the organisation takes part in their charter too, they may edit it.
    Partnership.objects.create(charter=other, organisation=cpa.organisation)
    elsewhere = type(elsewhere).objects.get(pk=elsewhere.pk)  # the charters read once per user object
    assert can_edit_organisation(elsewhere, cpa.organisation)
    # A removed partnership no longer counts.
    Partnership.objects.filter(charter=other, organisation=cpa.organisation).update(
        archived_at=timezone.now()
    )
    elsewhere = type(elsewhere).objects.get(pk=elsewhere.pk)
    assert not can_edit_organisation(elsewhere, cpa.organisation)


def test_an_organisation_is_never_archived(demo, coordinator, cpa):
    before = all_counts()
    assert coordinator.get(archive_url(cpa.organisation)).status_code == 404
    assert coordinator.post(archive_url(cpa.organisation)).status_code == 404
    assert all_counts() == before


# Sub-themes ----------------------------------------------------------------------------------------


@pytest.fixture
def hygiene(demo) -> SubTheme:
    """Theme A's first sub-theme, with orientations and a project sheet filed under it."""
    sub_theme = SubTheme.objects.get(theme__charter=demo, title__startswith="L'hygiène")
    assert sub_theme.orientations.exists() and ProjectSheet.objects.filter(sub_theme=sub_theme).exists()
    return sub_theme


def test_the_coordinator_edits_a_sub_theme_and_its_history_is_kept(demo, coordinator, hygiene):
    url = reverse("charter:sub_theme_edit", args=[hygiene.theme_id, hygiene.pk])
    versions = hygiene.history.count()
    response = post(
        coordinator, url, {"title": "Hygiène et propreté", "order": 1, "edit_version": hygiene.version}
    )
    assert response.status_code == 302
    hygiene.refresh_from_db()
    assert hygiene.title == "Hygiène et propreté" and hygiene.version == 2
    assert hygiene.history.count() == versions + 1 and last_author(hygiene) == "coordination"


def test_a_stale_sub_theme_form_is_refused(demo, coordinator, hygiene):
    url = reverse("charter:sub_theme_edit", args=[hygiene.theme_id, hygiene.pk])
    assert post(coordinator, url, {"title": "Premier", "order": 1, "edit_version": 1}).status_code == 302
    before = stored_state(hygiene)
    assert_refused(
        coordinator, url, {"title": "Second", "order": 1, "edit_version": 1}, "depuis que vous avez ouvert"
    )
    assert stored_state(hygiene) == before


def test_the_coordinator_removes_a_sub_theme_and_restores_it_with_its_links(demo, coordinator, hygiene):
    themes_url = reverse("charter:theme_list", args=[demo.slug])
    page = coordinator.get(themes_url).content.decode()
    assert archive_url(hygiene) in page
    orientations = list(hygiene.orientations.order_by("pk").values_list("pk", flat=True))
    sheets = list(ProjectSheet.objects.filter(sub_theme=hygiene).values_list("pk", flat=True))
    first = Orientation.objects.get(pk=orientations[0])
    versions = hygiene.history.count()

    confirm = coordinator.get(archive_url(hygiene)).content.decode()
    assert "orientations opérationnelles" in confirm  # what points to it is said before removing
    response = follow(coordinator, coordinator.post(archive_url(hygiene), {"next": themes_url}))

    assert response.status_code == 302 and response.url == themes_url
    hygiene.refresh_from_db()
    assert hygiene.is_archived and hygiene.archived_by.username == "coordination"
    assert hygiene.history.count() == versions + 1 and last_author(hygiene) == "coordination"
    # Gone from the pages, with the orientations filed under it…
    for client in (coordinator, client_as(None)):
        page = client.get(themes_url).content.decode()
        assert escape(hygiene.title) not in page and escape(first.text) not in page
        assert escape(hygiene.title) not in client.get(demo.get_absolute_url()).content.decode()
    assert not Orientation.objects.live().filter(pk__in=orientations).exists()
    edit = reverse("charter:sub_theme_edit", args=[hygiene.theme_id, hygiene.pk])
    assert coordinator.get(edit).status_code == 404
    new_orientation = coordinator.get(reverse("charter:orientation_create", args=[hygiene.theme_id]))
    assert escape(hygiene.title) not in new_orientation.content.decode()
    archives = coordinator.get(reverse("charter:archive_list", args=[demo.slug])).content.decode()
    assert escape(hygiene.title) in archives and restore_url(hygiene) in archives
    # … but every link is kept.
    assert list(hygiene.orientations.order_by("pk").values_list("pk", flat=True)) == orientations
    assert list(ProjectSheet.objects.filter(sub_theme=hygiene).values_list("pk", flat=True)) == sheets

    assert follow(coordinator, coordinator.post(restore_url(hygiene))).status_code == 302
    hygiene.refresh_from_db()
    assert not hygiene.is_archived and hygiene.history.count() == versions + 2
    page = coordinator.get(themes_url).content.decode()
    assert escape(hygiene.title) in page and escape(first.text) in page
    assert Orientation.objects.live().filter(pk__in=orientations).count() == len(orientations)


def test_a_sub_theme_without_orientations_is_listed_to_be_edited_or_removed(demo, coordinator, hygiene):
    empty = SubTheme.objects.create(theme=hygiene.theme, title="Sous-thème sans orientation", order=9)
    page = coordinator.get(reverse("charter:theme_list", args=[demo.slug])).content.decode()
    assert "Sous-thème sans orientation" in page
    assert reverse("charter:sub_theme_edit", args=[empty.theme_id, empty.pk]) in page
    assert archive_url(empty) in page


@pytest.mark.parametrize("username", OTHERS)
def test_others_neither_remove_nor_restore_a_sub_theme(demo, username, hygiene):
    archived = SubTheme.objects.create(theme=hygiene.theme, title="Déjà retiré", order=9)
    client_as("coordination").post(archive_url(archived))
    client = client_as(username)
    before = stored_state(hygiene), stored_state(archived)

    assert_refused_to(username, client.get(archive_url(hygiene)))
    assert_refused_to(username, client.post(archive_url(hygiene)))
    assert_refused_to(username, client.post(restore_url(archived)))

    assert (stored_state(hygiene), stored_state(archived)) == before


# The commune-wide figures of Annex 2 ---------------------------------------------------------------


def figure_data(figure=None, **overrides) -> dict:
    if figure is None:
        return {
            "subject": "Part des ménages à bas revenus",
            "value": "41.5",
            "unit": "%",
            "text": "41,5 % des ménages du périmètre vivent sous le seuil de bas revenus",
            "year": "2006",
            "source": "INSEE, revenus fiscaux localisés 2006",
            "order": "8",
        } | overrides
    return {
        "subject": figure.subject,
        "value": figure.value if figure.value is not None else "",
        "unit": figure.unit,
        "text": figure.text,
        "year": figure.year if figure.year is not None else "",
        "source": figure.source,
        "order": figure.order,
        "edit_version": figure.version,
    } | overrides


@pytest.fixture
def share(demo) -> CharterFigure:
    """The share of the city's social housing inside the GUSP perimeter (53,92 %)."""
    return CharterFigure.objects.get(charter=demo, value=Decimal("53.92"))


def test_the_coordinator_adds_a_commune_figure(demo, coordinator):
    create = reverse("charter:charter_figure_create", args=[demo.slug])
    charter_page = coordinator.get(demo.get_absolute_url()).content.decode()
    assert create in charter_page
    form = coordinator.get(create).content.decode()
    assert re.search(r'name="order"[^>]*value="8"', form)  # after the seven figures of the charter

    response = post(coordinator, create, figure_data())

    assert response.status_code == 302
    figure = CharterFigure.objects.get(charter=demo, subject="Part des ménages à bas revenus")
    assert (figure.value, figure.unit, figure.year, figure.order) == (Decimal("41.5"), "%", 2006, 8)
    assert figure.history.count() == 1 and last_author(figure) == "coordination"
    assert escape(figure.text) in client_as(None).get(demo.get_absolute_url()).content.decode()


def test_the_coordinator_edits_a_commune_figure_and_its_history_is_kept(demo, coordinator, share):
    url = reverse("charter:charter_figure_edit", args=[demo.slug, share.pk])
    assert url in coordinator.get(demo.get_absolute_url()).content.decode()
    assert url not in client_as("comite").get(demo.get_absolute_url()).content.decode()
    versions = share.history.count()

    response = post(coordinator, url, figure_data(share, year="2005", source="Ville de Vitrolles"))

    assert response.status_code == 302
    share.refresh_from_db()
    assert (share.year, share.source, share.value) == (2005, "Ville de Vitrolles", Decimal("53.92"))
    assert share.history.count() == versions + 1 and last_author(share) == "coordination"


@pytest.mark.parametrize("username", OTHERS)
def test_others_neither_add_nor_edit_a_commune_figure(demo, username, share):
    client = client_as(username)
    create = reverse("charter:charter_figure_create", args=[demo.slug])
    edit = reverse("charter:charter_figure_edit", args=[demo.slug, share.pk])
    before = stored_state(share)

    for response in [
        client.get(create),
        post(client, create, figure_data()),
        client.get(edit),
        post(client, edit, figure_data(share, source="Falsifiée")),
        client.get(archive_url(share)),
        client.post(archive_url(share)),
    ]:
        assert_refused_to(username, response)

    assert stored_state(share) == before


def test_bad_commune_figure_input_is_refused_in_french(demo, coordinator, share):
    before = stored_state(share)
    create = reverse("charter:charter_figure_create", args=[demo.slug])
    edit = reverse("charter:charter_figure_edit", args=[demo.slug, share.pk])
    assert_refused(
        coordinator, create, figure_data(value="141.5"), "Un pourcentage ne peut pas dépasser 100."
    )
    assert_refused(coordinator, edit, figure_data(share, year="1850"), "supérieure ou égale à 1900")
    assert_refused(coordinator, edit, figure_data(share, text=""), "Ce champ est obligatoire.")
    assert stored_state(share) == before


def test_the_coordinator_removes_a_commune_figure_and_restores_it(demo, coordinator, share):
    charter_url = demo.get_absolute_url()
    assert archive_url(share) in coordinator.get(charter_url).content.decode()
    versions = share.history.count()

    response = follow(coordinator, coordinator.post(archive_url(share), {"next": charter_url}))

    assert response.status_code == 302 and response.url == charter_url
    share.refresh_from_db()
    assert share.is_archived and share.archived_by.username == "coordination" and share.charter_id == demo.pk
    assert share.history.count() == versions + 1 and last_author(share) == "coordination"
    for client in (coordinator, client_as(None)):
        assert escape(share.text) not in client.get(charter_url).content.decode()
    edit = reverse("charter:charter_figure_edit", args=[demo.slug, share.pk])
    assert coordinator.get(edit).status_code == 404
    archives = coordinator.get(reverse("charter:archive_list", args=[demo.slug])).content.decode()
    assert escape(share.subject) in archives and restore_url(share) in archives

    assert follow(coordinator, coordinator.post(restore_url(share))).status_code == 302
    share.refresh_from_db()
    assert not share.is_archived and share.history.count() == versions + 2
    assert escape(share.text) in client_as(None).get(charter_url).content.decode()


@pytest.mark.parametrize("username", OTHERS)
def test_others_do_not_restore_a_commune_figure(demo, username, share):
    client_as("coordination").post(archive_url(share))
    client = client_as(username)
    before = stored_state(share)
    assert_refused_to(username, client.post(restore_url(share)))
    assert stored_state(share) == before
