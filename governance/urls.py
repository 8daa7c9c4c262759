from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("chartes/<slug:slug>/instances/", views.committee_list, name="committee_list"),
    path("chartes/<slug:slug>/instances/nouvelle/", views.committee_edit, name="committee_create"),
    path("chartes/<slug:slug>/reunions-publiques/", views.public_meetings, name="public_meetings"),
    path("chartes/<slug:slug>/reunions-publiques.ics", views.public_feed, name="public_feed"),
    path("instances/<int:pk>/", views.committee_detail, name="committee_detail"),
    path("instances/<int:pk>/modifier/", views.committee_edit, name="committee_edit"),
    path("instances/<int:pk>/rythme/", views.committee_rhythm_page, name="committee_rhythm"),
    path("instances/<int:committee_pk>/membres/nouveau/", views.member_edit, name="member_create"),
    path("instances/<int:committee_pk>/membres/<int:pk>/modifier/", views.member_edit, name="member_edit"),
    path("instances/<int:pk>/reunions/nouvelle/", views.meeting_create, name="meeting_create"),
    path("instances/<int:pk>/planifier-une-annee/", views.plan_year, name="plan_year"),
    path("reunions/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("reunions/<int:pk>/reunion.ics", views.meeting_ics, name="meeting_ics"),
    path("reunions/<int:pk>/modifier/", views.meeting_edit, name="meeting_edit"),
    path("reunions/<int:pk>/annuler/", views.meeting_cancel, name="meeting_cancel"),
    path("reunions/<int:pk>/tenue/", views.meeting_held, name="meeting_held"),
    path("reunions/<int:pk>/inviter/", views.meeting_invite, name="meeting_invite"),
    path(
        "reunions/<int:meeting_pk>/ordre-du-jour/nouveau/", views.agenda_item_edit, name="agenda_item_create"
    ),
    path("ordre-du-jour/<int:pk>/modifier/", views.agenda_item_edit, name="agenda_item_edit"),
    path("ordre-du-jour/<int:pk>/retirer/", views.agenda_item_delete, name="agenda_item_delete"),
    path("reunions/<int:pk>/presences/", views.attendance, name="attendance"),
    path("reunions/<int:pk>/compte-rendu/", views.minutes_edit, name="minutes_edit"),
    path("reunions/<int:pk>/compte-rendu/publication/", views.minutes_publish, name="minutes_publish"),
    path("reunions/<int:pk>/compte-rendu.pdf", views.minutes_pdf, name="minutes_pdf"),
    path(
        "reunions/<int:pk>/compte-rendu/preparer-le-pdf/",
        views.minutes_pdf_request,
        name="minutes_pdf_request",
    ),
    path("reunions/<int:meeting_pk>/decisions/nouvelle/", views.decision_edit, name="decision_create"),
    path("decisions/<int:pk>/modifier/", views.decision_edit, name="decision_edit"),
    path("agenda/", views.my_calendar, name="my_calendar"),
    path("agenda/nouvelle-adresse/", views.feed_regenerate, name="feed_regenerate"),
    path("agenda/revoquer/", views.feed_revoke, name="feed_revoke"),
    path("agenda/<slug:token>.ics", views.private_feed, name="private_feed"),
]
