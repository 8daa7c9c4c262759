"""Who may edit sheets and actions and log on journals, by HTTP; the database is unchanged after each refusal."""

import pytest
from django.apps import apps
from django.urls import reverse

from actions.models import Action, Intervention, ProjectSheet


def all_counts():
    """Row counts of every table but the sessions (logging a test client in creates one)."""
    return {
        m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.label != "sessions.Session"
    }


def action_payload(action, **overrides):
    return {
        "title": action.title + " (modifiée)", "description": "", "lead": action.lead_id,
        "territory": action.territory_id or "", "starts_on": action.starts_on.isoformat(),
        "due_on": action.due_on.isoformat(), "status": "under_way", "progress": 55,
    } | overrides  # fmt: skip


def log_payload(residence=None, **overrides):
    return {"done_on": "2026-11-20", "residence": residence.pk if residence else "", "text": "Passage de "
            "l'entreprise de nettoyage, cage B", "hours": "2", "cost": ""} | overrides  # fmt: skip


# role → which of the three actions it may edit / log on
EDIT = {"coordination": {"opac_action", "joint_action", "logirem_action"}, "opac-sud": {"opac_action"},
        "logirem": {"joint_action", "logirem_action"}, "comite": set()}  # fmt: skip
LOG = {"coordination": {"opac_action", "joint_action", "logirem_action"},
       "opac-sud": {"opac_action", "joint_action"}, "logirem": {"joint_action", "logirem_action"}, "comite": set()}  # fmt: skip


@pytest.mark.parametrize("role", ["coordination", "opac-sud", "logirem", "comite"])
@pytest.mark.parametrize("target", ["opac_action", "joint_action", "logirem_action"])
def test_edit_action(plan, client_as, role, target):
    action = plan[target]
    client = client_as(role)
    url = reverse("actions:action_edit", args=[action.pk])
    before = all_counts()
    response = client.post(url, action_payload(action))
    action_after = Action.objects.get(pk=action.pk)
    if target in EDIT[role]:
        assert response.status_code == 302, response.content.decode()[:3000]
        assert action_after.progress == 55
    else:
        assert response.status_code == 404
        assert action_after.progress == 20 and action_after.title == action.title
        assert all_counts() == before


@pytest.mark.parametrize("role", ["coordination", "opac-sud", "logirem", "comite"])
@pytest.mark.parametrize("target", ["opac_action", "joint_action", "logirem_action"])
def test_log_on_action(plan, client_as, role, target):
    action = plan[target]
    url = reverse("actions:intervention_create", args=[action.pk])
    before = all_counts()
    response = client_as(role).post(url, log_payload())
    if target in LOG[role]:
        assert response.status_code == 302, response.content.decode()[:3000]
        entry = Intervention.objects.get(action=action)
        assert entry.author.username == role and entry.organisation == entry.author.organisation
    else:
        assert response.status_code == 404
        assert all_counts() == before


def test_landlord_logs_only_on_its_own_residences(plan, client_as):
    """On a joint action, OPAC Sud may name its residence, not LOGIREM's."""
    url = reverse("actions:intervention_create", args=[plan["joint_action"].pk])
    client = client_as("opac-sud")
    before = all_counts()
    response = client.post(url, log_payload(plan["logirem_residence"]))
    assert response.status_code == 400
    assert "une résidence de votre organisation" in response.content.decode()
    assert all_counts() == before
    assert client.post(url, log_payload(plan["opac_residence"])).status_code == 302
    assert Intervention.objects.get(action=plan["joint_action"]).residence == plan["opac_residence"]


def test_lead_referent_cannot_hand_the_action_to_another_partner(plan, client_as):
    action = plan["opac_action"]
    payload = action_payload(action, lead=plan["logirem_action"].lead_id)
    assert (
        client_as("opac-sud").post(reverse("actions:action_edit", args=[action.pk]), payload).status_code
        == 302
    )
    action.refresh_from_db()
    assert action.lead.slug == "opac-sud"


def sheet_payload(sheet, **overrides):
    return {
        "number": sheet.number, "title": sheet.title + " (modifiée)", "theme": sheet.theme_id, "status": sheet.status,
        "place_note": "", "findings": "x", "expected_results": "", "description": "", "lead": sheet.lead_id or "",
        "lead_note": "", "partners_note": "", "schedule_note": "", "means": "", "funding_sources": "", "tools": "",
        "evaluation": "", "feasibility": "",
    } | overrides  # fmt: skip


@pytest.mark.parametrize(
    ("role", "allowed"), [("coordination", True), ("opac-sud", False), ("comite", False)]
)
def test_edit_sheet_led_by_the_city(demo, client_as, role, allowed):
    sheet = ProjectSheet.objects.get(charter=demo, number=22)  # led by the city
    before = all_counts()
    response = client_as(role).post(reverse("actions:sheet_edit", args=[sheet.pk]), sheet_payload(sheet))
    if allowed:
        assert response.status_code == 302
        assert ProjectSheet.objects.get(pk=sheet.pk).title.endswith("(modifiée)")
    else:
        assert response.status_code == 404
        assert all_counts() == before


def test_lead_referent_edits_their_sheet(demo, client_as):
    sheet = ProjectSheet.objects.get(charter=demo, number=9)
    ProjectSheet.objects.filter(pk=sheet.pk).update(
        lead=demo.partnerships.get(organisation__slug="opac-sud").organisation
    )
    sheet.refresh_from_db()
    response = client_as("opac-sud").post(
        reverse("actions:sheet_edit", args=[sheet.pk]), sheet_payload(sheet)
    )
    assert response.status_code == 302
    before = all_counts()
    response = client_as("logirem").post(
        reverse("actions:sheet_edit", args=[sheet.pk]), sheet_payload(sheet, title="x")
    )
    assert response.status_code == 404
    assert all_counts() == before


def test_only_the_coordinator_creates_sheets(demo, client_as):
    url = reverse("actions:sheet_create", args=[demo.slug])
    before = all_counts()
    assert client_as("opac-sud").post(url, {"number": 30, "title": "Nouvelle"}).status_code == 403
    assert all_counts() == before


def test_journal_and_files_are_hidden_from_the_public(plan, client_as):
    action = plan["opac_action"]
    assert client_as(None).get(reverse("actions:action_detail", args=[action.pk])).status_code == 302
    assert client_as("comite").get(reverse("actions:action_detail", args=[action.pk])).status_code == 200


def test_public_sheet_shows_only_title_goals_progress_and_finished_actions(demo, client_as, plan):
    sheet = plan["sheet"]
    finished = plan["opac_action"]
    Action.objects.filter(pk=finished.pk).update(status="finished", progress=100)
    html = client_as(None).get(reverse("actions:sheet_detail", args=[sheet.pk])).content.decode()
    assert sheet.title.replace("'", "&#x27;") in html
    assert "Améliorer la qualité globale de la propreté" in html
    assert finished.title in html
    assert plan["joint_action"].title not in html  # not finished
    assert "première cause d&#x27;insatisfaction" not in html  # findings are not public
    assert "Journal" not in html
    unpublished = ProjectSheet.objects.get(charter=demo, number=5)
    assert client_as(None).get(reverse("actions:sheet_detail", args=[unpublished.pk])).status_code == 404


def test_public_quarter_page_lists_published_projects(demo, client_as, plan):
    pins = demo.territories.get(slug="les-pins")
    html = client_as(None).get(reverse("actions:territory_sheets", args=[pins.pk])).content.decode()
    assert "Amélioration de la propreté et de l&#x27;entretien des parties communes" in html
    assert "Commission de prévention des situations d&#x27;impayés" in html
    assert "Hygiène : gestion coordonnée" not in html  # sheet 5 is not published


def test_public_sheet_list_hides_internal_figures(demo, client_as, plan):
    html = client_as(None).get(reverse("actions:sheet_list", args=[demo.slug])).content.decode()
    assert "En retard" not in html and "Plan d&#x27;actions" not in html
    member = client_as("comite").get(reverse("actions:sheet_list", args=[demo.slug])).content.decode()
    assert "En retard" in member


def test_quarter_page_shows_only_that_quarters_finished_actions(demo, client_as, plan):
    Action.objects.filter(pk=plan["opac_action"].pk).update(status="finished", progress=100)  # in Les Pins
    hermes = demo.territories.get(slug="les-hermes")
    pins = demo.territories.get(slug="les-pins")
    assert plan["opac_action"].title not in client_as(None).get(
        reverse("actions:territory_sheets", args=[hermes.pk])).content.decode()  # fmt: skip
    assert plan["opac_action"].title in client_as(None).get(
        reverse("actions:territory_sheets", args=[pins.pk])).content.decode()  # fmt: skip
