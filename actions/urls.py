from django.urls import path

from . import views

app_name = "actions"

urlpatterns = [
    path("chartes/<slug:slug>/fiches/", views.sheet_list, name="sheet_list"),
    path("chartes/<slug:slug>/fiches/nouvelle/", views.sheet_edit, name="sheet_create"),
    path("chartes/<slug:slug>/plan/", views.plan, name="plan"),
    path("chartes/<slug:slug>/plan/matrice/", views.plan_matrix, name="plan_matrix"),
    path("chartes/<slug:slug>/indicateurs/nouveau/", views.indicator_create, name="indicator_create"),
    path("fiches/<int:pk>/", views.sheet_detail, name="sheet_detail"),
    path("fiches/<int:pk>/modifier/", views.sheet_edit, name="sheet_edit"),
    path("fiches/<int:pk>/historique/", views.sheet_history, name="sheet_history"),
    path("fiches/<int:pk>/echeancier/nouvelle-etape/", views.milestone_create, name="milestone_create"),
    path("fiches/<int:pk>/actions/nouvelle/", views.action_create, name="action_create"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("actions/<int:pk>/modifier/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/journal/nouveau/", views.intervention_create, name="intervention_create"),
    path("journal/fichiers/<int:pk>/", views.attachment, name="attachment"),
    path("indicateurs/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("quartiers/<int:pk>/projets/", views.territory_sheets, name="territory_sheets"),
]
