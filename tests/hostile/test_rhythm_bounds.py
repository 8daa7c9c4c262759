"""A committee's rhythm at the largest values the platform accepts (52 meetings a year, a meeting every
month), over the longest charter it accepts (1990 to 2100): every page that computes the rhythm renders,
and the daily reminder runs. One more is refused, by the form (in French) and by the database."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from governance import services
from governance.models import MAX_MEETINGS_PER_YEAR, MAX_MONTHS_BETWEEN_MEETINGS, Committee, RhythmReminder
from tests.factories import CharterFactory, CommitteeFactory, MeetingFactory, OrganisationFactory, UserFactory
from tests.hostile.walk import forms_of
from tests.utils import all_counts, run_jobs


def committee_form(client, committee) -> tuple[str, dict]:
    """The committee's edit form as its page shows it: (address, values)."""
    url = reverse("governance:committee_edit", args=[committee.pk])
    (form,) = [f for f in forms_of(url, client.get(url).content.decode()) if f.action == url]
    return url, {name: values for name, values in form.values.items() if values}


def rhythm_pages(committee) -> list[str]:
    slug = committee.charter.slug
    return [
        reverse("governance:committee_detail", args=[committee.pk]),
        reverse("governance:committee_rhythm", args=[committee.pk]),
        reverse("governance:committee_list", args=[slug]),
        reverse("home"),
    ]


@pytest.fixture
def longest(db):
    """A charter as long as the platform accepts, running today, with its coordinator (who gets the
    reminders by e-mail), and a technical committee that met twice, long ago."""
    charter = CharterFactory(starts_on=dt.date(1990, 1, 1), ends_on=dt.date(2100, 12, 31))
    coordinator = UserFactory(
        coordinator=True,
        charters=[charter],
        organisation=OrganisationFactory(kind="commune"),
        email="coordination@example.org",
    )
    committee = CommitteeFactory(charter=charter, technical=True)
    MeetingFactory(committee=committee, day=dt.date(1990, 3, 6), held=True)
    MeetingFactory(committee=committee, day=dt.date(2001, 6, 12), held=True)
    return coordinator, committee


def test_the_largest_rhythm_is_accepted_by_the_form_and_every_page_renders(longest, client_as, mailoutbox):
    coordinator, committee = longest
    client = client_as(coordinator)
    url, data = committee_form(client, committee)
    data |= {"min_meetings_per_year": [str(MAX_MEETINGS_PER_YEAR)], "max_months_between_meetings": ["1"]}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    committee.refresh_from_db()
    assert (committee.min_meetings_per_year, committee.max_months_between_meetings) == (52, 1)

    for page in rhythm_pages(committee):
        response = client.get(page)
        assert response.status_code == 200, page
    assert (
        "au moins 52 réunions par an et au moins une réunion par mois"
        in client.get(reverse("governance:committee_rhythm", args=[committee.pk])).content.decode().lower()
    )
    visitor = client_as(None).get(reverse("governance:committee_list", args=[committee.charter.slug]))
    assert visitor.status_code == 200

    # The daily reminder: one e-mail to the coordinator, about this committee, late since 1990.
    assert services.remind_rhythm() == 1
    assert RhythmReminder.objects.filter(committee=committee).count() == 1
    assert set(run_jobs()) == {"done"}
    (message,) = mailoutbox
    assert committee.name in message.body
    assert services.remind_rhythm() == 0  # same due date: no second e-mail


def test_the_demo_committees_at_the_largest_rhythm(demo, client_as):
    """The Vitrolles committees (a charter that ended, with meetings) at 52 a year and one a month: the
    pages of each, as the coordinator and as a visitor, and the reminder on a day of the charter."""
    Committee.objects.filter(charter=demo).update(min_meetings_per_year=52, max_months_between_meetings=1)
    coordination = client_as("coordination")
    for committee in Committee.objects.filter(charter=demo):
        for page in rhythm_pages(committee):
            assert coordination.get(page).status_code == 200, page
    assert client_as(None).get(reverse("governance:committee_list", args=[demo.slug])).status_code == 200
    assert services.remind_rhythm(today=dt.date(2008, 6, 15)) >= 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("min_meetings_per_year", MAX_MEETINGS_PER_YEAR + 1, "inférieure ou égale à 52"),
        ("min_meetings_per_year", 0, "supérieure ou égale à 1"),
        ("max_months_between_meetings", MAX_MONTHS_BETWEEN_MEETINGS + 1, "inférieure ou égale à 24"),
        ("max_months_between_meetings", 0, "supérieure ou égale à 1"),
        ("min_meetings_per_year", 2**40, "inférieure ou égale à 52"),
    ],
)
def test_a_rhythm_out_of_range_is_refused_by_the_form(longest, client_as, field, value, message):
    coordinator, committee = longest
    client = client_as(coordinator)
    url, data = committee_form(client, committee)
    before = all_counts()
    response = client.post(url, data | {field: [str(value)]})
    html = response.content.decode()
    assert response.status_code == 400
    assert f"Assurez-vous que cette valeur est {message}" in html
    assert all_counts() == before


@pytest.mark.parametrize(
    "values",
    [
        {"min_meetings_per_year": MAX_MEETINGS_PER_YEAR + 1},
        {"min_meetings_per_year": 0},
        {"max_months_between_meetings": MAX_MONTHS_BETWEEN_MEETINGS + 1},
        {"max_months_between_meetings": 0},
    ],
)
def test_a_rhythm_out_of_range_is_refused_by_the_database(longest, values):
    _coordinator, committee = longest
    with pytest.raises(IntegrityError), transaction.atomic():
        Committee.objects.filter(pk=committee.pk).update(**values)
