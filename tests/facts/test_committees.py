"""What section VI asks of two bodies beyond meeting: the landlords' body's « bilans réguliers
(biennuels) », read by the platform as at least one review every two years and said to be its reading; and
the technical committee's yearly preparation of the GUSP part of the CUCS call for projects, recorded year
by year."""

import datetime as dt
import html
from types import SimpleNamespace

import pytest
from django.urls import reverse

from governance.duties import duty_years
from governance.models import Committee, CommitteeKind, DutyCompletion
from governance.rhythm import committee_rhythm
from tests.charter.test_demo import SOURCE, norm
from tests.utils import all_counts, assert_refused, client_as


def page_of(client, committee) -> str:
    response = client.get(reverse("governance:committee_detail", args=[committee.pk]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


# The landlords' body ------------------------------------------------------------------------------


def test_the_landlords_body_reviews_at_least_every_two_years(demo):
    body = Committee.objects.get(charter=demo, kind=CommitteeKind.LANDLORDS_BODY)
    assert "des bilans réguliers (biennuels) à cette instance" in SOURCE
    assert body.max_months_between_meetings == 24 and body.min_meetings_per_year is None
    assert body.rhythm_note.startswith("Lecture de la plateforme")
    assert "« bilans réguliers (biennuels) »" in body.rhythm_note and "24 mois" in body.rhythm_note
    rhythm = committee_rhythm(body, today=dt.date(2009, 6, 1))
    assert rhythm.rule == "au moins une réunion tous les 24 mois"
    # No review recorded in the demonstration: the first one was due by the end of January 2009.
    assert [s.due_on for s in rhythm.shortfalls] == [dt.date(2009, 1, 31)]


def test_the_landlords_body_page_says_it_is_the_platforms_reading(demo):
    body = Committee.objects.get(charter=demo, kind=CommitteeKind.LANDLORDS_BODY)
    page = page_of(client_as("coordination"), body)
    assert "Au moins une réunion tous les 24 mois" in page
    assert body.rhythm_note in page


# The technical committee's yearly duty -----------------------------------------------------------


@pytest.fixture
def technical(demo):
    return Committee.objects.get(charter=demo, kind=CommitteeKind.TECHNICAL)


def test_the_cucs_duty_is_the_charters(technical):
    duty = technical.duties.get()
    assert norm(duty.text) in norm(SOURCE)
    assert "préparera annuellement la partie « GUSP » de l'appel à projet du CUCS" in duty.text
    assert (duty.due_month, duty.due_day) == (12, 31)
    assert "la plateforme" in duty.due_note  # the due day is the platform's reading


def test_the_committee_page_shows_the_duty_year_by_year(technical):
    page = page_of(client_as("comite"), technical)
    shown = page[page.index('id="obligations"') :]
    shown = shown[: shown.index("</section>")]
    assert "Préparer la partie « GUSP » de l'appel à projet du CUCS" in shown
    for year in (2007, 2008, 2009):
        assert f"<td>{year}</td><td>31/12/{year}</td>" in shown
    assert shown.count("non faite") == 3  # nothing recorded, all three due days passed
    assert "Enregistrer qu'elle est faite" not in shown  # a committee member only reads


def test_the_coordinator_records_the_duty_done_once_a_year(technical, coordinator):
    duty = technical.duties.get()
    url = reverse("governance:duty_complete", args=[duty.pk])
    response = coordinator.post(url, {"year": 2008, "done_on": "2008-11-14", "note": "Appel à projet 2009"})
    assert response.status_code == 302
    completion = DutyCompletion.objects.get(duty=duty)
    assert (completion.year, completion.done_on) == (2008, dt.date(2008, 11, 14))
    assert completion.recorded_by.username == "coordination"
    page = page_of(coordinator, technical)
    assert "faite le 14/11/2008" in page and page.count("non faite") == 2
    assert_refused(
        coordinator,
        url,
        {"year": 2008, "done_on": "2008-12-01", "note": ""},
        "Choisissez une année de la charte pour laquelle l&#x27;obligation n&#x27;est pas encore enregistrée.",
    )
    assert_refused(
        coordinator, url, {"year": 2012, "done_on": "2012-12-01", "note": ""}, "Choisissez une année"
    )


def test_another_partner_cannot_record_the_duty(technical):
    duty = technical.duties.get()
    client = client_as("opac-sud")
    before = all_counts()
    response = client.post(
        reverse("governance:duty_complete", args=[duty.pk]), {"year": 2007, "done_on": "2007-12-01"}
    )
    assert response.status_code == 404
    assert all_counts() == before


def fake_duty(month: int, day: int, completions=(), start=dt.date(2007, 1, 1), end=dt.date(2009, 12, 31)):
    charter = SimpleNamespace(starts_on=start, current_end=end)
    return SimpleNamespace(
        due_month=month,
        due_day=day,
        committee=SimpleNamespace(charter=charter),
        completions=SimpleNamespace(all=lambda: list(completions)),
    )


def test_duty_years_edge_cases():
    # A day beyond the month's end is the month's last day, leap years included.
    assert [y.due_on for y in duty_years(fake_duty(2, 29), today=dt.date(2007, 1, 1))] == [
        dt.date(2007, 2, 28),
        dt.date(2008, 2, 29),
        dt.date(2009, 2, 28),
    ]
    assert duty_years(fake_duty(6, 31), today=dt.date(2007, 1, 1))[0].due_on == dt.date(2007, 6, 30)
    done = [
        SimpleNamespace(year=2007, done_on=dt.date(2007, 12, 31)),  # on the due day: in time
        SimpleNamespace(year=2008, done_on=dt.date(2009, 1, 2)),  # after it
        SimpleNamespace(year=2012, done_on=dt.date(2012, 1, 2)),  # outside the period: not shown
    ]
    years = duty_years(fake_duty(12, 31, done), today=dt.date(2009, 6, 1))
    assert [(y.year, y.state) for y in years] == [(2007, "done"), (2008, "done_late"), (2009, "due")]
    assert duty_years(fake_duty(12, 31), today=dt.date(2010, 1, 1))[-1].state == "late"
    # A charter extended by an amendment runs its duty to the new end.
    assert len(duty_years(fake_duty(12, 31, end=dt.date(2012, 12, 31)))) == 6
