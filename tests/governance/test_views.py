"""The coordinator's and the rapporteur's journeys by HTTP: committees and members, planning one
meeting or a year, agenda, invitations, attendance, minutes, decisions, publication."""

import datetime as dt

from django.urls import reverse

from actions.models import ProjectSheet
from charter.models import Amendment, Organisation, User
from governance.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Committee,
    CommitteeKind,
    CommitteeMember,
    Decision,
    Meeting,
    MeetingStatus,
    MemberRole,
    Minutes,
)
from tests.factories import CommitteeMemberFactory, MeetingFactory
from tests.utils import at, meeting_payload

FUTURE = dt.date.today() + dt.timedelta(days=30)


def test_pages_render_for_every_role(vitrolles, client_as):
    technical = vitrolles["technical"]
    held = technical.meetings.filter(status=MeetingStatus.HELD).first()
    for username in ["coordination", "comite", "opac-sud"]:
        client = client_as(username)
        for url in [
            reverse("governance:committee_list", args=["vitrolles-2007"]),
            reverse("governance:committee_detail", args=[technical.pk]),
            reverse("governance:committee_rhythm", args=[technical.pk]),
            reverse("governance:public_meetings", args=["vitrolles-2007"]),
            reverse("governance:my_calendar"),
        ]:
            assert client.get(url).status_code == 200, (username, url)
    assert client_as("comite").get(held.get_absolute_url()).status_code == 200
    assert client_as("coordination").get(held.get_absolute_url()).status_code == 200


def test_every_form_page_renders_for_the_coordinator(vitrolles, coordinator):
    technical = vitrolles["technical"]
    meeting = Meeting.objects.get(committee=vitrolles["steering"], minutes__isnull=False)
    item = meeting.agenda_items.first()
    for url in [
        reverse("governance:committee_create", args=["vitrolles-2007"]),
        reverse("governance:committee_edit", args=[technical.pk]),
        reverse("governance:member_create", args=[technical.pk]),
        reverse("governance:member_edit", args=[technical.pk, technical.members.first().pk]),
        reverse("governance:meeting_create", args=[technical.pk]),
        reverse("governance:plan_year", args=[technical.pk]),
        reverse("governance:meeting_edit", args=[meeting.pk]),
        reverse("governance:agenda_item_create", args=[meeting.pk]),
        reverse("governance:agenda_item_edit", args=[item.pk]),
        reverse("governance:attendance", args=[meeting.pk]),
        reverse("governance:minutes_edit", args=[meeting.pk]),
        reverse("governance:decision_create", args=[meeting.pk]),
        reverse("governance:decision_edit", args=[meeting.decisions.first().pk]),
        reverse("governance:meeting_cancel", args=[meeting.pk]),
    ]:
        assert coordinator.get(url).status_code == 200, url


def test_committee_list_shows_the_rhythm_badges(vitrolles, client_as):
    html = (
        client_as("comite")
        .get(reverse("governance:committee_list", args=["vitrolles-2007"]))
        .content.decode()
    )
    assert "rythme non tenu" in html  # the demo has 2007 meetings only, the charter runs to 2009
    assert "pas de rythme imposé" in html
    # The public sees the committees and their rule, not the partners' internal follow-up.
    public = (
        client_as(None).get(reverse("governance:committee_list", args=["vitrolles-2007"])).content.decode()
    )
    assert "Comité technique GUSP" in public
    assert "rythme non tenu" not in public


def test_coordinator_plans_a_meeting(vitrolles, coordinator):
    technical = vitrolles["technical"]
    response = coordinator.post(
        reverse("governance:meeting_create", args=[technical.pk]),
        meeting_payload(FUTURE, subject="Point d'étape"),
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(subject="Point d'étape")
    assert meeting.starts_at == at(FUTURE, 14)
    assert meeting.status == MeetingStatus.PLANNED
    assert response["Location"] == meeting.get_absolute_url()
    assert coordinator.get(meeting.get_absolute_url()).status_code == 200


def test_coordinator_moves_a_meeting_and_its_sequence_rises(vitrolles, coordinator):
    meeting = MeetingFactory(committee=vitrolles["technical"], day=FUTURE)
    later = FUTURE + dt.timedelta(days=2)
    response = coordinator.post(reverse("governance:meeting_edit", args=[meeting.pk]), meeting_payload(later))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at == at(later, 14)
    assert meeting.sequence == 1


def test_plan_a_year_every_second_tuesday_of_odd_months(vitrolles, coordinator):
    technical = vitrolles["technical"]
    Meeting.objects.filter(committee=technical, starts_at__year=2008).delete()
    url = reverse("governance:plan_year", args=[technical.pk])
    payload = {
        "year": 2008,
        "months": [1, 3, 5, 7, 9, 11],
        "position": 2,
        "weekday": 1,
        "start_time": "14:00",
        "end_time": "16:00",
        "place": "Hôtel de ville",
        "subject": "",
    }
    preview = coordinator.post(url, payload | {"preview": ""})
    assert preview.status_code == 200
    assert "Aperçu : 5 réunions" in preview.content.decode()
    assert "11 novembre (Armistice)" in preview.content.decode()
    assert not Meeting.objects.filter(committee=technical, starts_at__year=2008).exists()

    response = coordinator.post(url, payload | {"create": ""})
    assert response.status_code == 302
    days = [m.local_date for m in Meeting.objects.filter(committee=technical, starts_at__year=2008)]
    # 2nd Tuesdays of odd months 2008; 11 November (Armistice) is skipped.
    assert days == [
        dt.date(2008, 1, 8),
        dt.date(2008, 3, 11),
        dt.date(2008, 5, 13),
        dt.date(2008, 7, 8),
        dt.date(2008, 9, 9),
    ]

    again = coordinator.post(url, payload | {"create": ""})
    assert again.status_code == 400  # every day is already taken: nothing twice
    assert "aucune date en 2008" in again.content.decode()


def test_agenda_attendance_minutes_and_decisions(vitrolles, coordinator, client_as):
    steering = vitrolles["steering"]
    meeting = MeetingFactory(committee=steering, day=dt.date.today() - dt.timedelta(days=1))
    sheet = ProjectSheet.objects.get(charter=steering.charter, number=1)

    response = coordinator.post(
        reverse("governance:agenda_item_create", args=[meeting.pk]),
        {"title": "Propreté des parties communes", "description": "", "sheet": sheet.pk, "order": ""},
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(meeting=meeting)
    assert (item.order, item.sheet) == (1, sheet)

    # Minutes come after the meeting is declared held.
    refused = coordinator.post(reverse("governance:minutes_edit", args=[meeting.pk]), {"text": "Trop tôt"})
    assert refused.status_code == 400
    assert "Déclarez d&#x27;abord la réunion tenue" in refused.content.decode()
    assert coordinator.post(reverse("governance:meeting_held", args=[meeting.pk])).status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_held

    chair = steering.members.filter(role=MemberRole.CHAIR).first()
    region = steering.members.get(organisation__slug="region-paca")
    url = reverse("governance:attendance", args=[meeting.pk])
    assert coordinator.get(url).status_code == 200
    response = coordinator.post(url, {f"member_{chair.pk}": "present", f"member_{region.pk}": "excused"})
    assert response.status_code == 302
    assert dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "status")) == {
        chair.pk: AttendanceStatus.PRESENT,
        region.pk: AttendanceStatus.EXCUSED,
    }

    response = coordinator.post(
        reverse("governance:minutes_edit", args=[meeting.pk]), {"text": "Le comité valide."}
    )
    assert response.status_code == 302
    assert Minutes.objects.get(meeting=meeting).revision == 1

    amendment = Amendment.objects.create(
        charter=steering.charter,
        number=1,
        title="Prolongation",
        signed_on=dt.date(2009, 12, 1),
        starts_on=dt.date(2010, 1, 1),
        extends_to=dt.date(2012, 12, 31),
    )
    response = coordinator.post(
        reverse("governance:decision_create", args=[meeting.pk]),
        {
            "text": "Prolonger la charte de trois ans.",
            "sheets": [sheet.pk],
            "prescribes_amendment": "on",
            "amendment_summary": "Prolongation 2010-2012",
            "amendment": amendment.pk,
            "order": "",
        },
    )
    assert response.status_code == 302, response.content.decode()
    decision = Decision.objects.get(meeting=meeting)
    assert decision.prescribes_amendment and decision.amendment == amendment
    assert list(decision.sheets.all()) == [sheet]

    html = client_as("comite").get(meeting.get_absolute_url()).content.decode()
    assert "Le comité valide." in html
    assert "Prolonger la charte de trois ans." in html
    assert "Excusé(e)" in html


def test_only_the_steering_committee_prescribes_an_amendment(vitrolles, coordinator):
    meeting = MeetingFactory(
        committee=vitrolles["technical"], day=dt.date.today() - dt.timedelta(days=1), held=True
    )
    form = coordinator.get(reverse("governance:decision_create", args=[meeting.pk])).content.decode()
    assert "prescribes_amendment" not in form
    response = coordinator.post(
        reverse("governance:decision_create", args=[meeting.pk]),
        {"text": "Décision", "prescribes_amendment": "on", "amendment_summary": "Avenant", "order": ""},
    )
    assert response.status_code == 302  # the field does not exist for a technical committee: ignored
    assert Decision.objects.get(meeting=meeting).prescribes_amendment is False


def test_public_minutes_are_published_then_seen_by_anyone(vitrolles, coordinator, client_as):
    public = vitrolles["public_meeting"]
    meeting = MeetingFactory(
        committee=public,
        day=dt.date.today() - dt.timedelta(days=2),
        hours=(18, 20),
        place="Le Romarin",
        held=True,
    )
    coordinator.post(reverse("governance:minutes_edit", args=[meeting.pk]), {"text": "Cinquante habitants."})
    anonymous = client_as(None)
    assert "Cinquante habitants." not in anonymous.get(meeting.get_absolute_url()).content.decode()
    response = coordinator.post(reverse("governance:minutes_publish", args=[meeting.pk]), {"publish": "1"})
    assert response.status_code == 302
    assert Minutes.objects.get(meeting=meeting).is_published
    assert "Cinquante habitants." in anonymous.get(meeting.get_absolute_url()).content.decode()


def test_private_minutes_cannot_be_published(vitrolles, coordinator):
    meeting = Meeting.objects.get(committee=vitrolles["steering"], minutes__isnull=False)
    response = coordinator.post(
        reverse("governance:minutes_publish", args=[meeting.pk]), {"publish": "1"}, follow=True
    )
    assert "Seul le compte rendu d&#x27;une réunion publique peut être publié." in response.content.decode()
    assert not Minutes.objects.get(meeting=meeting).is_published


def test_cancel_a_meeting(vitrolles, coordinator):
    meeting = MeetingFactory(committee=vitrolles["technical"], day=FUTURE)
    url = reverse("governance:meeting_cancel", args=[meeting.pk])
    assert coordinator.get(url).status_code == 200
    assert coordinator.post(url).status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_cancelled and meeting.sequence == 1
    refused = coordinator.post(reverse("governance:meeting_edit", args=[meeting.pk]), meeting_payload(FUTURE))
    assert refused.status_code == 400
    assert "Cette réunion est annulée" in refused.content.decode()


def test_coordinator_creates_a_sub_group_and_names_its_rapporteur(vitrolles, coordinator):
    wg_a = vitrolles["wg_a"]
    response = coordinator.post(
        reverse("governance:committee_create", args=["vitrolles-2007"]),
        {
            "kind": CommitteeKind.WORKING_GROUP,
            "name": "Sous-groupe encombrants",
            "parent": wg_a.pk,
            "chairs": "",
            "rule": "",
            "venue": "",
            "theme": "",
            "min_meetings_per_year": "",
            "max_months_between_meetings": "",
        },
    )
    assert response.status_code == 302, response.content.decode()
    sub = Committee.objects.get(name="Sous-groupe encombrants")
    assert sub.theme == wg_a.theme
    assert sub.max_months_between_meetings == 2  # the charter's minimum, filled in

    opac = Organisation.objects.get(slug="opac-sud")
    url = reverse("governance:member_create", args=[sub.pk])
    payload = {
        "organisation": opac.pk,
        "full_name": "Olivier",
        "position": "",
        "role": MemberRole.RAPPORTEUR,
        "user": User.objects.get(username="opac-sud").pk,
        "email": "",
        "joined_on": "",
        "left_on": "",
    }
    refused = coordinator.post(url, payload)
    assert refused.status_code == 400
    assert "doit être membre du comité technique" in refused.content.decode()
    CommitteeMemberFactory(committee=vitrolles["technical"], user=User.objects.get(username="opac-sud"))
    assert coordinator.post(url, payload).status_code == 302
    assert CommitteeMember.objects.get(committee=sub).role == MemberRole.RAPPORTEUR


def test_a_looser_rhythm_than_the_charter_is_refused(vitrolles, coordinator):
    technical = vitrolles["technical"]
    response = coordinator.post(
        reverse("governance:committee_edit", args=[technical.pk]),
        {
            "kind": CommitteeKind.TECHNICAL,
            "name": technical.name,
            "chairs": "",
            "rule": "",
            "venue": "",
            "theme": "",
            "parent": "",
            "min_meetings_per_year": "",
            "max_months_between_meetings": 3,
        },
    )
    assert response.status_code == 400
    assert "La charte impose au moins une réunion tous les 2 mois" in response.content.decode()


def test_a_second_steering_committee_is_refused(vitrolles, coordinator):
    response = coordinator.post(
        reverse("governance:committee_create", args=["vitrolles-2007"]),
        {
            "kind": CommitteeKind.STEERING,
            "name": "Autre comité",
            "chairs": "",
            "rule": "",
            "venue": "",
            "theme": "",
            "parent": "",
            "min_meetings_per_year": "",
            "max_months_between_meetings": "",
        },
    )
    assert response.status_code == 400
    assert "Cette charte a déjà son comité de pilotage" in response.content.decode()
