from django.urls import path

from .views import actions, indicators, journal, mine, plan, public, records, sheets

app_name = "actions"

urlpatterns = [
    path("mes-actions/", mine.my_actions, name="my_actions"),
    path("chartes/<slug:slug>/fiches/", sheets.sheet_list, name="sheet_list"),
    path("chartes/<slug:slug>/fiches/nouvelle/", sheets.sheet_edit, name="sheet_create"),
    path("chartes/<slug:slug>/plan/", plan.plan, name="plan"),
    path("chartes/<slug:slug>/plan/matrice/", plan.plan_matrix, name="plan_matrix"),
    path("chartes/<slug:slug>/indicateurs/nouveau/", indicators.indicator_create, name="indicator_create"),
    path("fiches/<int:pk>/", sheets.sheet_detail, name="sheet_detail"),
    path("fiches/<int:pk>/modifier/", sheets.sheet_edit, name="sheet_edit"),
    path("fiches/<int:pk>/historique/", sheets.sheet_history, name="sheet_history"),
    path("fiches/<int:pk>/echeancier/nouvelle-etape/", sheets.milestone_create, name="milestone_create"),
    path("fiches/<int:pk>/actions/nouvelle/", actions.action_create, name="action_create"),
    path("actions/<int:pk>/", actions.action_detail, name="action_detail"),
    path("actions/<int:pk>/modifier/", actions.action_edit, name="action_edit"),
    path("actions/<int:pk>/journal/nouveau/", journal.intervention_create, name="intervention_create"),
    path("journal/fichiers/<int:pk>/", journal.attachment, name="attachment"),
    path("indicateurs/<int:pk>/", indicators.indicator_detail, name="indicator_detail"),
    path("quartiers/<int:pk>/projets/", public.territory_sheets, name="territory_sheets"),
    # Edit from their pages (issue 13); removing is the charter's archive.
    path("echeancier/<int:pk>/modifier/", records.milestone_edit, name="milestone_edit"),
    path("indicateurs/<int:pk>/modifier/", records.indicator_edit, name="indicator_edit"),
    path("mesures/<int:pk>/modifier/", records.measurement_edit, name="measurement_edit"),
    path("journal/<int:pk>/modifier/", records.intervention_edit, name="intervention_edit"),
]
