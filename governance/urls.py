from django.urls import path

from .views import calendars, committees, meetings, records

app_name = "governance"

urlpatterns = [
    path("chartes/<slug:slug>/instances/", committees.committee_list, name="committee_list"),
    path("chartes/<slug:slug>/instances/nouvelle/", committees.committee_edit, name="committee_create"),
    path("chartes/<slug:slug>/reunions-publiques/", calendars.public_meetings, name="public_meetings"),
    path("chartes/<slug:slug>/reunions-publiques.ics", calendars.public_feed, name="public_feed"),
    path("instances/<int:pk>/", committees.committee_detail, name="committee_detail"),
    path("instances/<int:pk>/modifier/", committees.committee_edit, name="committee_edit"),
    path("instances/<int:pk>/rythme/", committees.committee_rhythm_page, name="committee_rhythm"),
    path("obligations/<int:pk>/faite/", committees.duty_complete, name="duty_complete"),
    path("instances/<int:committee_pk>/membres/nouveau/", committees.member_edit, name="member_create"),
    path(
        "instances/<int:committee_pk>/membres/<int:pk>/modifier/", committees.member_edit, name="member_edit"
    ),
    path("instances/<int:pk>/reunions/nouvelle/", meetings.meeting_create, name="meeting_create"),
    path("instances/<int:pk>/planifier-une-annee/", meetings.plan_year, name="plan_year"),
    path("reunions/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("reunions/<int:pk>/reunion.ics", meetings.meeting_ics, name="meeting_ics"),
    path("reunions/<int:pk>/modifier/", meetings.meeting_edit, name="meeting_edit"),
    path("reunions/<int:pk>/annuler/", meetings.meeting_cancel, name="meeting_cancel"),
    path("reunions/<int:pk>/tenue/", meetings.meeting_held, name="meeting_held"),
    path("reunions/<int:pk>/inviter/", meetings.meeting_invite, name="meeting_invite"),
    path(
        "reunions/<int:meeting_pk>/ordre-du-jour/nouveau/",
        records.agenda_item_edit,
        name="agenda_item_create",
    ),
    path("ordre-du-jour/<int:pk>/modifier/", records.agenda_item_edit, name="agenda_item_edit"),
    path("ordre-du-jour/<int:pk>/retirer/", records.agenda_item_delete, name="agenda_item_delete"),
    path("reunions/<int:pk>/presences/", records.attendance, name="attendance"),
    path("reunions/<int:pk>/compte-rendu/", records.minutes_edit, name="minutes_edit"),
    path("reunions/<int:pk>/compte-rendu/publication/", records.minutes_publish, name="minutes_publish"),
    path("reunions/<int:pk>/compte-rendu.pdf", records.minutes_pdf, name="minutes_pdf"),
    path(
        "reunions/<int:pk>/compte-rendu/preparer-le-pdf/",
        records.minutes_pdf_request,
        name="minutes_pdf_request",
    ),
    path("reunions/<int:meeting_pk>/decisions/nouvelle/", records.decision_edit, name="decision_create"),
    path("decisions/<int:pk>/modifier/", records.decision_edit, name="decision_edit"),
    path("agenda/", calendars.my_calendar, name="my_calendar"),
    path("agenda/nouvelle-adresse/", calendars.feed_regenerate, name="feed_regenerate"),
    path("agenda/revoquer/", calendars.feed_revoke, name="feed_revoke"),
    path("agenda/<slug:token>.ics", calendars.private_feed, name="private_feed"),
]
