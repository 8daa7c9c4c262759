from django.urls import path

from . import views

app_name = "charter"

urlpatterns = [
    path("chartes/", views.charter_list, name="charter_list"),
    path("chartes/<slug:slug>/", views.charter_detail, name="charter_detail"),
    path("chartes/<slug:slug>/modifier/", views.charter_edit, name="charter_edit"),
    path("chartes/<slug:slug>/avenants/nouveau/", views.amendment_edit, name="amendment_create"),
    path("chartes/<slug:slug>/avenants/<int:pk>/modifier/", views.amendment_edit, name="amendment_edit"),
    path("chartes/<slug:slug>/visas/nouveau/", views.reference_create, name="reference_create"),
    path("chartes/<slug:slug>/signatures/nouvelle/", views.signature_edit, name="signature_create"),
    path("chartes/<slug:slug>/signatures/<int:pk>/modifier/", views.signature_edit, name="signature_edit"),
    path("chartes/<slug:slug>/quartiers/nouveau/", views.territory_edit, name="territory_create"),
    path("chartes/<slug:slug>/residences/nouvelle/", views.residence_create, name="residence_create"),
    path("chartes/<slug:slug>/themes/", views.theme_list, name="theme_list"),
    path("chartes/<slug:slug>/correspondants/", views.correspondent_list, name="correspondent_list"),
    path(
        "chartes/<slug:slug>/correspondants/nouveau/", views.correspondent_edit, name="correspondent_create"
    ),
    path(
        "chartes/<slug:slug>/correspondants/<int:pk>/modifier/",
        views.correspondent_edit,
        name="correspondent_edit",
    ),
    path("quartiers/<int:pk>/", views.territory_detail, name="territory_detail"),
    path("quartiers/<int:pk>/modifier/", views.territory_edit, name="territory_edit"),
    path("quartiers/<int:pk>/donnees/nouvelle/", views.figure_create, name="figure_create"),
    path("residences/", views.residence_list, name="residence_list"),
    path("residences/<int:pk>/", views.residence_detail, name="residence_detail"),
    path("residences/<int:pk>/modifier/", views.residence_edit, name="residence_edit"),
    path("residences/<int:pk>/historique/", views.residence_history, name="residence_history"),
    path("themes/<int:pk>/modifier/", views.theme_edit, name="theme_edit"),
    path("themes/<int:theme_pk>/orientations/nouvelle/", views.orientation_edit, name="orientation_create"),
    path(
        "themes/<int:theme_pk>/orientations/<int:pk>/modifier/",
        views.orientation_edit,
        name="orientation_edit",
    ),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
]
