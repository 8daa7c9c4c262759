"""Demonstration records are marked: the loaders set `is_demo` on every record the demo/ files create
(and `demo_state` on a sheet whose state they set), every page that shows one puts a « démonstration »
badge next to it, and a banner says on every page that demonstration data is loaded — and only then."""

import html

import pytest
from django.core.cache import cache
from django.urls import reverse

from actions.models import Action, Indicator, Intervention, Measurement, ProjectSheet
from actions.services import save_sheet
from governance.models import (
    AgendaItem,
    Attendance,
    Committee,
    CommitteeKind,
    CommitteeMember,
    Decision,
    Meeting,
    Minutes,
)
from gusp.core.demo import demo_models
from tests.factories import ActionFactory, ProjectSheetFactory
from tests.utils import client_as

BADGE = 'class="badge badge-demo"'
BANNER = 'class="message message-demo"'

# What the demonstration data of Vitrolles holds (demo/actions.yaml, demo/governance.yaml).
DEMO_COUNTS = {
    Action: 5,
    Intervention: 3,
    Indicator: 2,
    Measurement: 7,
    AgendaItem: 6,
    Attendance: 3,
    Minutes: 2,
    Decision: 1,
}


def test_every_demonstration_record_is_marked(demo):
    charter_of = {
        Action: "sheet__charter",
        Intervention: "action__sheet__charter",
        Indicator: "charter",
        Measurement: "indicator__charter",
        AgendaItem: "meeting__committee__charter",
        Attendance: "meeting__committee__charter",
        Minutes: "meeting__committee__charter",
        Decision: "meeting__committee__charter",
        Meeting: "committee__charter",
    }
    for model, path in charter_of.items():
        records = model.objects.filter(**{path: demo})
        assert records.exists(), model
        # All of them come from demo/: none is unmarked.
        assert not records.filter(is_demo=False).exists(), model
    for model, count in DEMO_COUNTS.items():
        assert model.objects.filter(**{charter_of[model]: demo, "is_demo": True}).count() == count, model
    # Seats: those the demonstration accounts hold, and the one demo/ adds; the charter's others are not.
    seats = CommitteeMember.objects.filter(committee__charter=demo)
    assert set(seats.filter(is_demo=True).values_list("user__username", flat=True)) == {
        "comite",
        "coordination",
    }
    assert seats.filter(is_demo=True).count() == 5
    assert not seats.filter(is_demo=False, user__isnull=False).exists()


def test_the_demo_marks_are_found_by_the_banner(demo):
    found = {model._meta.label for model in demo_models()}
    assert {
        "actions.Action",
        "actions.Intervention",
        "actions.Indicator",
        "actions.Measurement",
        "governance.Meeting",
        "governance.Minutes",
        "governance.Decision",
        "governance.Attendance",
        "governance.AgendaItem",
        "governance.CommitteeMember",
        "diagnostics.Finding",
        "diagnostics.WalkingDiagnostic",
        "funding.FundingCommitment",
        "funding.MissionBudget",
    } <= found
    assert not any(label.split(".")[1].startswith("Historical") for label in found)


def test_the_worked_sheets_state_is_demonstration_data(demo):
    sheets = ProjectSheet.objects.filter(charter=demo)
    assert set(sheets.filter(demo_state=True).values_list("number", flat=True)) == {1, 8, 22}
    # Without demonstration data, every sheet of the charter is a draft, unpublished (tests/charter's
    # test_a_second_charter_is_a_data_folder loads the facts alone).
    assert set(sheets.filter(demo_state=False).values_list("status", "is_published")) == {("draft", False)}


def test_changing_a_demonstration_state_makes_it_real(demo):
    sheet = ProjectSheet.objects.get(charter=demo, number=8)
    save_sheet(sheet=sheet, territories=[], partners=sheet.partners.all())  # unchanged state
    assert ProjectSheet.objects.get(pk=sheet.pk).demo_state
    sheet.status = "convention"
    save_sheet(sheet=sheet, territories=[], partners=sheet.partners.all())
    assert not ProjectSheet.objects.get(pk=sheet.pk).demo_state


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_sheet_pages_mark_their_demonstration_state_and_records(demo):
    coordination = client_as("coordination")
    sheet = ProjectSheet.objects.get(charter=demo, number=1)
    shown = page(coordination, sheet.get_absolute_url())
    # The state, each of the 3 actions, the journal's 3 entries, the indicator, its 4 measurements and
    # the 3 milestones marked done by the demonstration data.
    assert shown.count(BADGE) == 1 + 3 + 3 + 1 + 4 + 3
    assert "dans la charte, la fiche est une ébauche" in shown
    listed = page(coordination, reverse("actions:sheet_list", args=[demo.slug]))
    assert listed.count(BADGE) == 2 * 3  # state and publication of sheets 1, 8 and 22
    public = page(client_as(None), sheet.get_absolute_url())
    assert (
        "publiée à titre de démonstration" in public and public.count(BADGE) == 1 + 1
    )  # + a finished action


def test_the_unnumbered_worked_sheet_says_where_it_is_filed(demo):
    sheet = ProjectSheet.objects.get(charter=demo, number=8)
    shown = html.unescape(page(client_as("coordination"), sheet.get_absolute_url()))
    assert "Ébauche non numérotée de la charte, rangée sous la fiche n°8" in shown
    assert "« La démarche de prévention situationnelle »" in shown


@pytest.mark.parametrize(
    "name",
    ["plan", "action", "indicator", "committee", "meeting", "public_meetings", "public_meeting", "territory"],
)
def test_pages_listing_demonstration_records_mark_them(demo, name):
    action = Action.objects.get(sheet__charter=demo, title__startswith="Diagnostic détaillé")
    indicator = Indicator.objects.get(charter=demo, name__startswith="Réclamations")
    steering = Committee.objects.get(charter=demo, kind=CommitteeKind.STEERING)
    launch = steering.meetings.get(subject="Lancement de la charte")
    public_meeting = Meeting.objects.get(committee__charter=demo, committee__kind="public_meeting")
    urls = {
        "plan": (reverse("actions:plan", args=[demo.slug]), "coordination", 5),
        "action": (action.get_absolute_url(), "coordination", 1 + 3 + 1 + 4),  # action, journal, chart
        "indicator": (indicator.get_absolute_url(), "coordination", 1 + 1 + 4 + 2 + 4),
        "committee": (steering.get_absolute_url(), "coordination", 2 + 2),  # meetings, seats
        # The meeting, its 3 agenda items, its 3 attendances, its minutes and its decision.
        "meeting": (launch.get_absolute_url(), "coordination", 1 + 3 + 3 + 1 + 1),
        "public_meetings": (reverse("governance:public_meetings", args=[demo.slug]), None, 1),
        "public_meeting": (public_meeting.get_absolute_url(), None, 1 + 2 + 1),
        # Sheets 1, 8 and 22, published by the demonstration data, and the finished action of sheet 1.
        "territory": (reverse("actions:territory_sheets", args=[action.territory_id]), None, 3 + 1),
    }
    url, who, badges = urls[name]
    assert page(client_as(who), url).count(BADGE) == badges


def test_records_made_on_the_platform_are_not_marked(small_world):
    sheet = ProjectSheetFactory(charter=small_world.charter)
    action = ActionFactory(sheet=sheet)
    client = client_as(small_world.coordinator)
    assert BADGE not in page(client, action.get_absolute_url())
    assert BADGE not in page(client, sheet.get_absolute_url())


def test_the_banner_shows_while_demonstration_data_exists(demo):
    for who in (None, "coordination"):
        assert BANNER in page(client_as(who), reverse("charter:charter_list"))
    for model in demo_models():
        model._default_manager.filter(is_demo=True).update(is_demo=False)
    ProjectSheet.objects.update(demo_state=False)
    # Cached: the banner stays until the cache lets it go (or load_demo forgets it).
    assert BANNER in page(client_as(None), reverse("charter:charter_list"))
    cache.clear()
    for who in (None, "coordination"):
        shown = page(client_as(who), reverse("charter:charter_list"))
        assert BANNER not in shown and BADGE not in shown
    assert BADGE not in page(
        client_as("coordination"), ProjectSheet.objects.get(charter=demo, number=1).get_absolute_url()
    )
