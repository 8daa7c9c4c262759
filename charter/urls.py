from django.urls import path

from .views import charters, correspondents, jobs, organisations, residences, territories, themes

app_name = "charter"

urlpatterns = [
    path("chartes/", charters.charter_list, name="charter_list"),
    path("chartes/<slug:slug>/", charters.charter_detail, name="charter_detail"),
    path("chartes/<slug:slug>/modifier/", charters.charter_edit, name="charter_edit"),
    path("chartes/<slug:slug>/avenants/nouveau/", charters.amendment_edit, name="amendment_create"),
    path("chartes/<slug:slug>/avenants/<int:pk>/modifier/", charters.amendment_edit, name="amendment_edit"),
    path("chartes/<slug:slug>/visas/nouveau/", charters.reference_create, name="reference_create"),
    path("chartes/<slug:slug>/signatures/nouvelle/", charters.signature_edit, name="signature_create"),
    path("chartes/<slug:slug>/signatures/<int:pk>/modifier/", charters.signature_edit, name="signature_edit"),
    path("chartes/<slug:slug>/quartiers/nouveau/", territories.territory_edit, name="territory_create"),
    path("chartes/<slug:slug>/residences/nouvelle/", residences.residence_create, name="residence_create"),
    path("chartes/<slug:slug>/themes/", themes.theme_list, name="theme_list"),
    path("chartes/<slug:slug>/correspondants/", correspondents.correspondent_list, name="correspondent_list"),
    path(
        "chartes/<slug:slug>/correspondants/nouveau/",
        correspondents.correspondent_edit,
        name="correspondent_create",
    ),
    path(
        "chartes/<slug:slug>/correspondants/<int:pk>/modifier/",
        correspondents.correspondent_edit,
        name="correspondent_edit",
    ),
    path("quartiers/<int:pk>/", territories.territory_detail, name="territory_detail"),
    path("quartiers/<int:pk>/modifier/", territories.territory_edit, name="territory_edit"),
    path("quartiers/<int:pk>/donnees/nouvelle/", territories.figure_create, name="figure_create"),
    path("residences/", residences.residence_list, name="residence_list"),
    path("residences/<int:pk>/", residences.residence_detail, name="residence_detail"),
    path("residences/<int:pk>/modifier/", residences.residence_edit, name="residence_edit"),
    path("residences/<int:pk>/historique/", residences.residence_history, name="residence_history"),
    path("themes/<int:pk>/modifier/", themes.theme_edit, name="theme_edit"),
    path("themes/<int:theme_pk>/orientations/nouvelle/", themes.orientation_edit, name="orientation_create"),
    path(
        "themes/<int:theme_pk>/orientations/<int:pk>/modifier/",
        themes.orientation_edit,
        name="orientation_edit",
    ),
    path("chartes/<slug:slug>/taches/", jobs.job_list, name="job_list"),
    path("taches/<int:pk>/relancer/", jobs.job_relaunch, name="job_relaunch"),
    path("organisations/", organisations.organisation_list, name="organisation_list"),
    path("organisations/<slug:slug>/", organisations.organisation_detail, name="organisation_detail"),
]
