"""Project sheets: the Annex VI worked sheets (on the demo), progress and lateness derived from actions,
versions and diff, and who edits what (on sheets built with the factories)."""

import datetime as dt

import pytest
from django.urls import reverse

from actions.choices import ActionStatus
from actions.demo import worked_sheets
from actions.models import Action, ProjectSheet
from tests.factories import ActionFactory, ProjectSheetFactory, TerritoryFactory
from tests.utils import sheet_payload

TODAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize("number", [1, 8, 22])
def test_worked_sheets_are_complete_field_by_field(demo, number):
    sheet = ProjectSheet.objects.get(charter=demo, number=number)
    source = worked_sheets()[number]
    for field, value in source.items():
        if field == "lead":
            assert (sheet.lead.slug if sheet.lead else None) == value
        elif field == "partners":
            assert set(sheet.partners.values_list("slug", flat=True)) == set(value)
        elif field == "milestones":
            assert [(m.due_on, m.label) for m in sheet.milestones.all()] == sorted(value)
        else:
            assert getattr(sheet, field) == value, field
    assert sheet.all_territories
    # Every field the charter's template lists, and that this sheet's draft fills, is filled.
    filled = {"findings", "expected_results", "description", "evaluation"}
    assert all(getattr(sheet, f) for f in filled)
    assert sheet.lead or sheet.lead_note


def test_worked_sheets_key_phrases(demo):
    s1 = ProjectSheet.objects.get(charter=demo, number=1)
    assert "première cause d'insatisfaction" in s1.findings
    assert s1.lead_note.startswith("Chaque bailleur sur son patrimoine")
    assert len(s1.milestones.all()) == 3
    s8 = ProjectSheet.objects.get(charter=demo, number=8)
    assert s8.lead.slug == "ville-vitrolles" and "diagnostic en marchant" in s8.description
    assert s8.schedule_note == "2007 – 2008"
    s22 = ProjectSheet.objects.get(charter=demo, number=22)
    assert s22.lead_note == "Service logement habitat de la Ville"
    assert s22.feasibility.startswith("Participation active des bailleurs")
    others = ProjectSheet.objects.filter(charter=demo).exclude(number__in=[1, 8, 22])
    assert others.count() == 20
    assert all(s.title and s.theme_id for s in others)


@pytest.fixture
def sheet(db):
    """A sheet of a new charter, with no action."""
    return ProjectSheetFactory()


def make_action(sheet, status=ActionStatus.UNDER_WAY, progress=0, due=(2027, 1, 1)):
    return ActionFactory(
        sheet=sheet, starts_on=dt.date(2026, 1, 1), due_on=dt.date(*due), status=status, progress=progress
    )


def progress_of(sheet):
    return ProjectSheet.objects.with_progress(TODAY).get(pk=sheet.pk)


@pytest.mark.parametrize(
    ("actions", "expected"),
    [
        ([], None),
        ([(ActionStatus.UNDER_WAY, 40)], 40),
        ([(ActionStatus.UNDER_WAY, 40), (ActionStatus.PLANNED, 0)], 20),
        ([(ActionStatus.FINISHED, 100), (ActionStatus.UNDER_WAY, 50)], 75),
        ([(ActionStatus.FINISHED, 100), (ActionStatus.DROPPED, 10)], 100),  # dropped does not count
        ([(ActionStatus.DROPPED, 30)], None),  # only dropped: no progress
        ([(ActionStatus.UNDER_WAY, 33), (ActionStatus.UNDER_WAY, 33), (ActionStatus.UNDER_WAY, 34)], 33.333),
    ],
)
def test_sheet_progress_is_the_mean_of_its_actions(sheet, actions, expected):
    for status, progress in actions:
        make_action(sheet, status, progress)
    ProjectSheetFactory(charter=sheet.charter)  # a sibling sheet with no action changes nothing
    make_action(
        ProjectSheetFactory(charter=sheet.charter), ActionStatus.UNDER_WAY, 90
    )  # nor one with its own
    annotated = progress_of(sheet)
    if expected is None:
        assert annotated.progress is None
    else:
        assert float(annotated.progress) == pytest.approx(expected, abs=0.01)
    assert annotated.action_count == len([a for a in actions if a[0] != ActionStatus.DROPPED])


def test_late_actions_are_counted_and_flagged(sheet):
    late = make_action(sheet, ActionStatus.UNDER_WAY, 10, due=(2026, 1, 1))
    make_action(sheet, ActionStatus.PLANNED, 0, due=(2026, 11, 25))  # due the day before: late too
    make_action(sheet, ActionStatus.FINISHED, 100, due=(2026, 1, 1))  # past due but finished
    make_action(sheet, ActionStatus.DROPPED, 0, due=(2026, 1, 1))  # past due but dropped
    make_action(sheet, ActionStatus.PLANNED, 0, due=(2026, 11, 26))  # due today: not late yet
    make_action(sheet, ActionStatus.PLANNED, 0, due=(2027, 1, 1))
    assert list(Action.objects.filter(sheet=sheet).late(TODAY)) == [
        late,
        Action.objects.get(due_on="2026-11-25"),
    ]
    assert progress_of(sheet).late_count == 2
    lateness = {
        (a.status, a.due_on): a.is_late for a in Action.objects.filter(sheet=sheet).with_lateness(TODAY)
    }
    assert lateness == {
        (ActionStatus.UNDER_WAY, dt.date(2026, 1, 1)): True,
        (ActionStatus.PLANNED, dt.date(2026, 11, 25)): True,
        (ActionStatus.FINISHED, dt.date(2026, 1, 1)): False,
        (ActionStatus.DROPPED, dt.date(2026, 1, 1)): False,
        (ActionStatus.PLANNED, dt.date(2026, 11, 26)): False,
        (ActionStatus.PLANNED, dt.date(2027, 1, 1)): False,
    }


def test_sheet_versions_and_diff(small_world, client_as):
    sheet = ProjectSheetFactory(charter=small_world.charter)
    client = client_as(small_world.coordinator)
    url = reverse("actions:sheet_edit", args=[sheet.pk])
    page = client.get(url)
    assert page.status_code == 200
    payload = sheet_payload(sheet, status="convention", findings="Présence de blattes dans les caves.")
    assert client.post(url, payload).status_code == 302
    assert (
        client.post(url, payload | {"findings": "Présence de blattes et de rats dans les caves."}).status_code
        == 302
    )
    versions = list(sheet.history.order_by("history_date"))
    assert len(versions) >= 3
    html = client.get(
        reverse("actions:sheet_history", args=[sheet.pk])
        + f"?a={versions[-2].history_id}&b={versions[-1].history_id}"
    ).content.decode()
    assert "Présence de blattes dans les caves." in html
    assert "Présence de blattes et de rats dans les caves." in html
    assert small_world.coordinator.username in html


def test_diff_speaks_in_names_not_ids(small_world, client_as):
    sheet = ProjectSheetFactory(charter=small_world.charter, all_territories=True)
    payload = sheet_payload(
        sheet,
        status="draft",
        territories=[small_world.territory.pk],
        all_territories="",
        lead=small_world.city.pk,
    )
    client = client_as(small_world.coordinator)
    assert client.post(reverse("actions:sheet_edit", args=[sheet.pk]), payload).status_code == 302
    html = client.get(reverse("actions:sheet_history", args=[sheet.pk])).content.decode()
    assert small_world.territory.name in html
    assert small_world.city.name in html
    assert "&#x27;territory&#x27;" not in html and "{" not in html.split("<main")[1]


def test_progress_is_not_multiplied_by_further_joins(sheet):
    sheet.territories.set([TerritoryFactory(charter=sheet.charter) for _ in range(3)])
    make_action(sheet, ActionStatus.UNDER_WAY, 40)
    make_action(sheet, ActionStatus.UNDER_WAY, 20, due=(2026, 1, 1))
    joined = ProjectSheet.objects.filter(
        pk=sheet.pk, territories__in=sheet.charter.territories.all()
    ).with_progress(TODAY)
    assert len(joined) == 3  # one row per quarter …
    assert {(s.action_count, s.late_count, s.progress) for s in joined} == {(2, 1, 30.0)}  # … same figures


def test_lead_referent_cannot_reassign_or_publish_their_sheet(small_world, client_as):
    sheet = ProjectSheetFactory(charter=small_world.charter, number=9, lead=small_world.landlord_a)
    payload = sheet_payload(
        sheet,
        number=40,
        title="Titre revu",
        status="under_way",
        lead=small_world.landlord_b.pk,
        is_published="on",
        findings="Constat mis à jour",
    )
    response = client_as(small_world.referent_a).post(reverse("actions:sheet_edit", args=[sheet.pk]), payload)
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert (sheet.title, sheet.findings) == ("Titre revu", "Constat mis à jour")
    assert (sheet.number, sheet.lead, sheet.is_published) == (9, small_world.landlord_a, False)
