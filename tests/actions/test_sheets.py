"""Project sheets: the Annex VI worked sheets, progress derived from actions, versions and diff."""

import datetime as dt

import pytest
from django.urls import reverse

from actions.demo import WORKED_SHEETS
from actions.models import Action, ActionStatus, ProjectSheet
from charter.models import Organisation

TODAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize("number", [1, 8, 22])
def test_worked_sheets_are_complete_field_by_field(demo, number):
    sheet = ProjectSheet.objects.get(charter=demo, number=number)
    source = WORKED_SHEETS[number]
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


def make_action(sheet, lead, status=ActionStatus.UNDER_WAY, progress=0, due=(2027, 1, 1)):
    return Action.objects.create(
        sheet=sheet, title=f"A{status}{progress}", lead=lead, starts_on=dt.date(2026, 1, 1), due_on=dt.date(*due),
        status=status, progress=progress,
    )  # fmt: skip


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
def test_sheet_progress_is_the_mean_of_its_actions(demo, actions, expected):
    sheet = ProjectSheet.objects.get(charter=demo, number=5)
    lead = Organisation.objects.get(slug="opac-sud")
    for status, progress in actions:
        make_action(sheet, lead, status, progress)
    annotated = progress_of(sheet)
    if expected is None:
        assert annotated.progress is None
    else:
        assert float(annotated.progress) == pytest.approx(expected, abs=0.01)
    assert annotated.action_count == len([a for a in actions if a[0] != ActionStatus.DROPPED])


def test_late_actions_are_counted_and_flagged(demo):
    sheet = ProjectSheet.objects.get(charter=demo, number=5)
    lead = Organisation.objects.get(slug="opac-sud")
    late = make_action(sheet, lead, ActionStatus.UNDER_WAY, 10, due=(2026, 1, 1))
    make_action(sheet, lead, ActionStatus.FINISHED, 100, due=(2026, 1, 1))  # past due but finished
    make_action(sheet, lead, ActionStatus.DROPPED, 0, due=(2026, 1, 1))  # past due but dropped
    make_action(sheet, lead, ActionStatus.PLANNED, 0, due=(2027, 1, 1))
    assert list(Action.objects.filter(sheet=sheet).late(TODAY)) == [late]
    assert progress_of(sheet).late_count == 1
    assert late.is_late_on(TODAY)


def test_sheet_versions_and_diff(demo, client_as):
    sheet = ProjectSheet.objects.get(charter=demo, number=5)
    client = client_as("coordination")
    url = reverse("actions:sheet_edit", args=[sheet.pk])
    page = client.get(url)
    assert page.status_code == 200
    payload = {
        "number": 5, "title": sheet.title, "theme": sheet.theme_id, "status": "convention",
        "findings": "Présence de blattes dans les caves.", "expected_results": "", "description": "",
        "lead_note": "", "partners_note": "", "schedule_note": "", "means": "", "funding_sources": "", "tools": "",
        "evaluation": "", "feasibility": "", "place_note": "",
    }  # fmt: skip
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
    assert "coordination" in html


def test_diff_speaks_in_names_not_ids(demo, client_as):
    sheet = ProjectSheet.objects.get(charter=demo, number=5)
    client = client_as("coordination")
    pins = demo.territories.get(slug="les-pins")
    ville = Organisation.objects.get(slug="ville-vitrolles")
    payload = {
        "number": 5, "title": sheet.title, "theme": sheet.theme_id, "status": "draft", "territories": [pins.pk],
        "lead": ville.pk, "is_published": "on",
    }  # fmt: skip
    assert client.post(reverse("actions:sheet_edit", args=[sheet.pk]), payload).status_code == 302
    html = client.get(reverse("actions:sheet_history", args=[sheet.pk])).content.decode()
    assert "Les Pins et Domaine des Pins" in html
    assert "Ville de Vitrolles" in html
    assert "&#x27;territory&#x27;" not in html and "{" not in html.split("<main")[1]


def test_progress_is_not_multiplied_by_further_joins(demo):
    sheet = ProjectSheet.objects.get(charter=demo, number=5)
    sheet.territories.set(demo.territories.all()[:3])
    lead = Organisation.objects.get(slug="opac-sud")
    make_action(sheet, lead, ActionStatus.UNDER_WAY, 40)
    make_action(sheet, lead, ActionStatus.UNDER_WAY, 20, due=(2026, 1, 1))
    joined = ProjectSheet.objects.filter(pk=sheet.pk, territories__in=demo.territories.all()).with_progress(
        TODAY
    )
    assert {(s.action_count, s.late_count, s.progress) for s in joined} == {(2, 1, 30.0)}


def test_lead_referent_cannot_reassign_or_publish_their_sheet(demo, client_as):
    sheet = ProjectSheet.objects.get(charter=demo, number=9)
    opac = Organisation.objects.get(slug="opac-sud")
    ProjectSheet.objects.filter(pk=sheet.pk).update(lead=opac)
    logirem = Organisation.objects.get(slug="logirem")
    payload = {
        "number": 40, "title": "Titre revu", "theme": sheet.theme_id, "status": "under_way", "lead": logirem.pk,
        "is_published": "on", "findings": "Constat mis à jour",
    }  # fmt: skip
    assert (
        client_as("opac-sud").post(reverse("actions:sheet_edit", args=[sheet.pk]), payload).status_code == 302
    )
    sheet.refresh_from_db()
    assert (sheet.title, sheet.findings) == ("Titre revu", "Constat mis à jour")
    assert (sheet.number, sheet.lead, sheet.is_published) == (9, opac, False)
