"""The URLs of the satisfaction surveys, added to diagnostics' (`diagnostics/urls.py`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("diagnostics/<slug:slug>/enquetes/", views.survey_list, name="survey_list"),
    path("diagnostics/<slug:slug>/enquetes/nouvelle/", views.survey_create, name="survey_create"),
    path("diagnostics/<slug:slug>/enquetes/evolution/", views.survey_trend_page, name="survey_trend"),
    path("diagnostics/enquetes-satisfaction/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("diagnostics/enquetes-satisfaction/<int:pk>/modifier/", views.survey_edit, name="survey_edit"),
    path(
        "diagnostics/enquetes-satisfaction/<int:survey_pk>/questions/nouvelle/",
        views.question_edit,
        name="survey_question_create",
    ),
    path(
        "diagnostics/questions-enquete/<int:pk>/modifier/", views.question_edit, name="survey_question_edit"
    ),
    path(
        "diagnostics/questions-enquete/<int:pk>/supprimer/",
        views.question_delete,
        name="survey_question_delete",
    ),
]
