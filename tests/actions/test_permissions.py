"""Who may edit sheets and actions and log on journals, by HTTP, on the small world's action plan (`plan`
fixture); the database is unchanged after each refusal."""

import datetime as dt

import pytest
from django.urls import reverse

from actions.choices import ActionStatus
from actions.models import Action, Intervention, ProjectSheet
from tests.factories import ProjectSheetFactory
from tests.utils import action_payload, all_counts, sheet_payload

ROLES = ["coordinator", "referent_a", "referent_b", "member", "outsider"]


def log_payload(residence=None, **overrides):
    return {
        "done_on": (dt.date.today() - dt.timedelta(days=1)).isoformat(),
        "residence": residence.pk if residence else "",
        "text": "Passage de l'entreprise de nettoyage, cage B",
        "hours": "2",
        "cost": "",
    } | overrides


# role → which of the three actions it may edit / log on
ALL = {"action_a", "joint_action", "action_b"}
EDIT = {
    "coordinator": ALL,
    "referent_a": {"action_a"},
    "referent_b": {"joint_action", "action_b"},
    "member": set(),
    "outsider": set(),
}
LOG = {
    "coordinator": ALL,
    "referent_a": {"action_a", "joint_action"},  # landlord A is a partner of the joint action
    "referent_b": {"joint_action", "action_b"},
    "member": set(),
    "outsider": set(),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", sorted(ALL))
def test_edit_action(plan, small_world, client_as, role, target):
    action = plan[target]
    client = client_as(small_world.user(role))
    url = reverse("actions:action_edit", args=[action.pk])
    before = all_counts()
    response = client.post(url, action_payload(action, title=action.title + " (modifiée)", progress=55))
    action_after = Action.objects.get(pk=action.pk)
    if target in EDIT[role]:
        assert response.status_code == 302, response.content.decode()[:3000]
        assert action_after.progress == 55
    else:
        assert response.status_code == 404
        assert action_after.progress == 20 and action_after.title == action.title
        assert all_counts() == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", sorted(ALL))
def test_log_on_action(plan, small_world, client_as, role, target):
    action = plan[target]
    user = small_world.user(role)
    client = client_as(user)
    url = reverse("actions:intervention_create", args=[action.pk])
    before = all_counts()
    response = client.post(url, log_payload())
    if target in LOG[role]:
        assert response.status_code == 302, response.content.decode()[:3000]
        entry = Intervention.objects.get(action=action)
        assert entry.author == user and entry.organisation == user.organisation
    else:
        assert response.status_code == 404
        assert all_counts() == before


def test_landlord_logs_only_on_its_own_residences(plan, small_world, client_as):
    """On a joint action, landlord A's referent may name landlord A's residence, not landlord B's."""
    url = reverse("actions:intervention_create", args=[plan["joint_action"].pk])
    client = client_as(small_world.referent_a)
    before = all_counts()
    response = client.post(url, log_payload(plan["residence_b"]))
    assert response.status_code == 400
    assert "une résidence de votre organisation" in response.content.decode()
    assert all_counts() == before
    assert client.post(url, log_payload(plan["residence_a"])).status_code == 302
    assert Intervention.objects.get(action=plan["joint_action"]).residence == plan["residence_a"]


def test_lead_referent_cannot_hand_the_action_to_another_partner(plan, small_world, client_as):
    action = plan["action_a"]
    payload = action_payload(action, lead=small_world.landlord_b.pk)
    response = client_as(small_world.referent_a).post(
        reverse("actions:action_edit", args=[action.pk]), payload
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.lead == small_world.landlord_a


@pytest.mark.parametrize(
    ("role", "allowed"), [("coordinator", True), ("referent_a", False), ("member", False)]
)
def test_edit_sheet_led_by_the_city(small_world, client_as, role, allowed):
    sheet = ProjectSheetFactory(charter=small_world.charter, lead=small_world.city)
    client = client_as(small_world.user(role))
    before = all_counts()
    response = client.post(
        reverse("actions:sheet_edit", args=[sheet.pk]),
        sheet_payload(sheet, title=sheet.title + " (modifiée)"),
    )
    if allowed:
        assert response.status_code == 302
        assert ProjectSheet.objects.get(pk=sheet.pk).title.endswith("(modifiée)")
    else:
        assert response.status_code == 404
        assert all_counts() == before


def test_lead_referent_edits_their_sheet(small_world, client_as):
    sheet = ProjectSheetFactory(charter=small_world.charter, lead=small_world.landlord_a)
    response = client_as(small_world.referent_a).post(
        reverse("actions:sheet_edit", args=[sheet.pk]), sheet_payload(sheet, title="Titre revu")
    )
    assert response.status_code == 302
    assert ProjectSheet.objects.get(pk=sheet.pk).title == "Titre revu"
    client = client_as(small_world.referent_b)
    before = all_counts()
    response = client.post(reverse("actions:sheet_edit", args=[sheet.pk]), sheet_payload(sheet, title="x"))
    assert response.status_code == 404
    assert all_counts() == before


def test_only_the_coordinator_creates_sheets(small_world, client_as):
    url = reverse("actions:sheet_create", args=[small_world.charter.slug])
    client = client_as(small_world.referent_a)
    before = all_counts()
    assert client.post(url, {"number": 30, "title": "Nouvelle"}).status_code == 403
    assert all_counts() == before


def test_journal_and_files_are_hidden_from_the_public(plan, small_world, client_as):
    action = plan["action_a"]
    assert client_as(None).get(reverse("actions:action_detail", args=[action.pk])).status_code == 302
    assert (
        client_as(small_world.member).get(reverse("actions:action_detail", args=[action.pk])).status_code
        == 200
    )


def test_public_sheet_shows_only_title_goals_progress_and_finished_actions(plan, small_world, client_as):
    sheet = plan["sheet"]
    finished = plan["action_a"]
    Action.objects.filter(pk=finished.pk).update(status=ActionStatus.FINISHED, progress=100)
    html = client_as(None).get(reverse("actions:sheet_detail", args=[sheet.pk])).content.decode()
    assert sheet.title in html
    assert "Améliorer la qualité globale de la propreté" in html
    assert finished.title in html
    assert plan["joint_action"].title not in html  # not finished
    assert "première cause d&#x27;insatisfaction" not in html  # findings are not public
    assert "Journal" not in html
    unpublished = ProjectSheetFactory(charter=small_world.charter, all_territories=True)
    assert client_as(None).get(reverse("actions:sheet_detail", args=[unpublished.pk])).status_code == 404


def test_public_quarter_page_lists_published_projects(plan, small_world, client_as):
    """A quarter's page lists the published sheets about all quarters or naming it, and no other."""
    w = small_world
    ProjectSheetFactory(
        charter=w.charter,
        title="Commission de prévention des impayés",
        territories=[w.territory],
        published=True,
    )
    ProjectSheetFactory(
        charter=w.charter, title="Jardins partagés", territories=[w.other_territory], published=True
    )
    ProjectSheetFactory(charter=w.charter, title="Hygiène : gestion coordonnée", all_territories=True)
    html = client_as(None).get(reverse("actions:territory_sheets", args=[w.territory.pk])).content.decode()
    assert "Amélioration de la propreté des parties communes" in html  # about all quarters
    assert "Commission de prévention des impayés" in html
    assert "Jardins partagés" not in html  # about another quarter
    assert "Hygiène : gestion coordonnée" not in html  # not published


def test_public_sheet_list_hides_internal_figures(plan, small_world, client_as):
    url = reverse("actions:sheet_list", args=[small_world.charter.slug])
    html = client_as(None).get(url).content.decode()
    assert plan["sheet"].title in html
    assert "En retard" not in html and "Plan d&#x27;actions" not in html
    assert "En retard" in client_as(small_world.member).get(url).content.decode()


def test_quarter_page_shows_only_that_quarters_finished_actions(plan, small_world, client_as):
    action = plan["action_a"]  # in the first quarter
    Action.objects.filter(pk=action.pk).update(status=ActionStatus.FINISHED, progress=100)

    def page(territory):
        return client_as(None).get(reverse("actions:territory_sheets", args=[territory.pk])).content.decode()

    assert action.title not in page(small_world.other_territory)
    assert action.title in page(small_world.territory)
