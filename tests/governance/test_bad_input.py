"""Bad input gets a clear French error (or a 404) and writes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from charter.models import Organisation, User
from governance import services
from governance.models import MeetingStatus
from tests.factories import MeetingFactory, OrganisationFactory
from tests.utils import all_counts, assert_refused, meeting_payload

FUTURE = dt.date.today() + dt.timedelta(days=30)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_at": f"{FUTURE}T13:00"}, "La fin de la réunion doit être postérieure à son début."),
        ({"ends_at": f"{FUTURE}T14:00"}, "La fin de la réunion doit être postérieure à son début."),
        ({"place": "x" * 10_000}, "Assurez-vous que cette valeur comporte au plus 250 caractères"),
        ({"place": ""}, "Ce champ est obligatoire."),
        ({"starts_at": "demain matin"}, "Saisissez une date et une heure valides."),
        ({"subject": "x" * 251}, "Assurez-vous que cette valeur comporte au plus 250 caractères"),
    ],
)
def test_bad_meeting_input(vitrolles, coordinator, overrides, message):
    url = reverse("governance:meeting_create", args=[vitrolles["technical"].pk])
    assert_refused(coordinator, url, meeting_payload(FUTURE, **overrides), message)


def test_moving_a_meeting_to_end_before_it_starts(vitrolles, coordinator):
    meeting = MeetingFactory(committee=vitrolles["technical"], day=FUTURE)
    url = reverse("governance:meeting_edit", args=[meeting.pk])
    assert_refused(
        coordinator,
        url,
        meeting_payload(FUTURE, ends_at=f"{FUTURE}T10:00"),
        "La fin de la réunion doit être postérieure",
    )
    meeting.refresh_from_db()
    assert meeting.sequence == 0


def test_the_service_refuses_a_meeting_ending_before_it_starts(vitrolles):
    start = dt.datetime(2030, 1, 8, 14, tzinfo=dt.UTC)
    before = all_counts()
    with pytest.raises(ValidationError, match="postérieure à son début"):
        services.create_meeting(
            committee=vitrolles["technical"],
            starts_at=start,
            ends_at=start - dt.timedelta(hours=1),
            place="x",
        )
    assert all_counts() == before


def year_payload(**overrides):
    return {
        "year": 2007,
        "months": [2],
        "position": 5,
        "weekday": 0,
        "start_time": "14:00",
        "end_time": "16:00",
        "place": "Hôtel de ville",
        "subject": "",
        "create": "",
    } | overrides


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({}, "Cette règle ne donne aucune date en 2007"),  # February 2007 has no 5th Monday
        ({"months": [5], "position": 2, "weekday": 1}, "1 jour(s) férié(s) écarté(s)"),  # 8 May 2007 only
        ({"year": 2012}, "Choisissez une année de la période de la charte (2007 à 2009)."),
        ({"months": []}, "Ce champ est obligatoire."),
        ({"months": [13]}, "Sélectionnez un choix valide. 13 n’en fait pas partie."),
        (
            {"end_time": "13:00", "months": [3], "position": 1},
            "L&#x27;heure de fin doit suivre l&#x27;heure de début.",
        ),
        ({"place": "x" * 10_000, "months": [3], "position": 1}, "au plus 250 caractères"),
    ],
)
def test_bad_recurrence_input(vitrolles, coordinator, overrides, message):
    url = reverse("governance:plan_year", args=[vitrolles["technical"].pk])
    assert_refused(coordinator, url, year_payload(**overrides), message)


def test_a_rule_whose_days_are_all_taken(vitrolles, coordinator):
    """The demo already holds the technical committee's 2007 meetings: planning them again gives no date."""
    url = reverse("governance:plan_year", args=[vitrolles["technical"].pk])
    payload = year_payload(months=[1, 3, 7, 11], position=2, weekday=1)
    assert_refused(coordinator, url, payload, "jour(s) où l&#x27;instance se réunit déjà")


def test_a_cancelled_meeting_frees_its_day(vitrolles, coordinator):
    url = reverse("governance:plan_year", args=[vitrolles["technical"].pk])
    assert vitrolles["technical"].meetings.filter(status=MeetingStatus.CANCELLED, starts_at__month=9).exists()
    response = coordinator.post(url, year_payload(months=[9], position=2, weekday=1))
    assert response.status_code == 302


def test_oversized_texts(vitrolles, coordinator):
    meeting = MeetingFactory(committee=vitrolles["technical"], day=dt.date.today() - dt.timedelta(days=1))
    services.mark_held(meeting=meeting)
    assert_refused(
        coordinator,
        reverse("governance:agenda_item_create", args=[meeting.pk]),
        {"title": "x" * 10_000, "description": "", "order": ""},
        "au plus 250 caractères",
    )
    assert_refused(
        coordinator,
        reverse("governance:agenda_item_create", args=[meeting.pk]),
        {"title": "Point", "description": "x" * 10_001, "order": ""},
        "au plus 10000 caractères",
    )
    assert_refused(
        coordinator,
        reverse("governance:minutes_edit", args=[meeting.pk]),
        {"text": "x" * 50_001},
        "au plus 50000",
    )
    assert_refused(
        coordinator,
        reverse("governance:decision_create", args=[meeting.pk]),
        {"text": "", "order": ""},
        "obligatoire",
    )


def test_an_amendment_prescription_needs_its_object(vitrolles, coordinator):
    meeting = MeetingFactory(committee=vitrolles["steering"], day=dt.date.today() - dt.timedelta(days=1))
    services.mark_held(meeting=meeting)
    assert_refused(
        coordinator,
        reverse("governance:decision_create", args=[meeting.pk]),
        {"text": "Prolonger", "prescribes_amendment": "on", "amendment_summary": "", "order": ""},
        "Décrivez l&#x27;objet de l&#x27;avenant prescrit.",
    )


def test_bad_attendance_choice(vitrolles, coordinator):
    meeting = MeetingFactory(committee=vitrolles["technical"], day=FUTURE)
    seat = vitrolles["technical"].members.first()
    assert_refused(
        coordinator,
        reverse("governance:attendance", args=[meeting.pk]),
        {f"member_{seat.pk}": "peut-être"},
        "Sélectionnez un choix valide.",
    )


def test_a_member_leaving_before_joining(vitrolles, coordinator):
    assert_refused(
        coordinator,
        reverse("governance:member_create", args=[vitrolles["technical"].pk]),
        {
            "organisation": Organisation.objects.get(slug="opac-sud").pk,
            "full_name": "Nouveau",
            "role": "member",
            "joined_on": "2008-05-01",
            "left_on": "2008-01-01",
        },
        "La date de départ ne peut précéder la date d&#x27;arrivée.",
    )


def test_a_member_from_an_organisation_outside_the_charter(vitrolles, coordinator):
    stranger = OrganisationFactory(kind="landlord")
    assert_refused(
        coordinator,
        reverse("governance:member_create", args=[vitrolles["technical"].pk]),
        {"organisation": stranger.pk, "full_name": "X", "role": "member"},
        "Choisissez une organisation partenaire de la charte.",
    )


def test_a_revoked_feed_token_is_a_404_and_writes_nothing(vitrolles, client_as):
    feed = services.regenerate_feed(user=User.objects.get(username="comite"))
    services.revoke_feed(user=feed.user)
    before = all_counts()
    response = client_as(None).get(reverse("governance:private_feed", args=[feed.token]))
    assert response.status_code == 404
    assert all_counts() == before


def test_a_second_rapporteur_and_an_account_of_another_organisation(vitrolles, coordinator):
    url = reverse("governance:member_create", args=[vitrolles["wg_a"].pk])
    coordination = User.objects.get(username="coordination")
    ville = Organisation.objects.get(slug="ville-vitrolles")
    base = {"organisation": ville.pk, "full_name": "", "role": "rapporteur", "user": coordination.pk}
    assert_refused(coordinator, url, base, "Ce groupe de travail a déjà un rapporteur")
    assert_refused(
        coordinator,
        url,
        base | {"role": "member", "organisation": Organisation.objects.get(slug="opac-sud").pk},
        "Le compte choisi appartient à une autre organisation que celle du membre.",
    )
