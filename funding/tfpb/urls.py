"""The URLs of the TFPB programmes, added to funding's (`funding/urls.py`): names start with `tfpb_`."""

from django.urls import path

from . import views

urlpatterns = [
    path("chartes/<slug:slug>/tfpb/", views.home, name="tfpb_home"),
    path(
        "chartes/<slug:slug>/tfpb/conventions/nouvelle/", views.convention_edit, name="tfpb_convention_create"
    ),
    path("chartes/<slug:slug>/tfpb/publics/", views.public_list, name="tfpb_public_list"),
    path("tfpb/conventions/<int:pk>/", views.convention_detail, name="tfpb_convention"),
    path("tfpb/conventions/<int:pk>/modifier/", views.convention_edit, name="tfpb_convention_edit"),
    path(
        "tfpb/conventions/<int:convention_pk>/quartiers/nouveau/",
        views.quarter_edit,
        name="tfpb_quarter_create",
    ),
    path("tfpb/quartiers/<int:pk>/modifier/", views.quarter_edit, name="tfpb_quarter_edit"),
    path("tfpb/conventions/<int:pk>/<int:year>/", views.year, name="tfpb_year"),
    path(
        "tfpb/conventions/<int:pk>/<int:year>/actions/nouvelle/",
        views.action_create,
        name="tfpb_action_create",
    ),
    path("tfpb/actions/<int:pk>/modifier/", views.action_edit, name="tfpb_action_edit"),
    path("tfpb/actions/<int:pk>/supprimer/", views.action_delete, name="tfpb_action_delete"),
    path("tfpb/bilans/<int:pk>/", views.report_detail, name="tfpb_report"),
    path("tfpb/bilans/<int:pk>/modifier/", views.report_edit, name="tfpb_report_edit"),
    path("tfpb/bilans/<int:pk>/transmettre/", views.report_submit, name="tfpb_report_submit"),
    path("tfpb/bilans/<int:pk>/renvoyer/", views.report_return, name="tfpb_report_return"),
    path("tfpb/bilans/<int:pk>/valider/", views.report_validate, name="tfpb_report_validate"),
    path("tfpb/bilans/<int:pk>/publication/", views.report_publish, name="tfpb_report_publish"),
    path("tfpb/bilans/<int:pk>/commentaires/", views.report_comment, name="tfpb_report_comment"),
    path("tfpb/bilans/<int:pk>/pdf/", views.report_pdf, name="tfpb_report_pdf"),
    path("tfpb/bilans/<int:pk>/pdf/preparer/", views.report_pdf_request, name="tfpb_report_pdf_request"),
    path("tfpb/bilans/<int:pk>/public/", views.report_public, name="tfpb_report_public"),
]
