from django.urls import path

from .tfpb.urls import urlpatterns as tfpb_urlpatterns
from .views import commitments, financers, mission, sheets, table

app_name = "funding"

urlpatterns = [
    path("chartes/<slug:slug>/financements/", table.table, name="table"),
    path("chartes/<slug:slug>/financements/<int:year>/publication/", table.publish, name="publish"),
    path(
        "chartes/<slug:slug>/financements/engagements/", commitments.commitment_list, name="commitment_list"
    ),
    path(
        "chartes/<slug:slug>/financements/engagements/nouveau/",
        commitments.commitment_create,
        name="commitment_create",
    ),
    path("chartes/<slug:slug>/financements/mission/", mission.mission, name="mission"),
    path(
        "chartes/<slug:slug>/financements/mission/<int:year>/cout/",
        mission.mission_budget_edit,
        name="mission_budget_edit",
    ),
    path("chartes/<slug:slug>/financements/financeurs/", financers.financer_list, name="financer_list"),
    path(
        "chartes/<slug:slug>/financements/financeurs/nouveau/",
        financers.financer_edit,
        name="financer_create",
    ),
    path("financeurs/<int:pk>/modifier/", financers.financer_edit, name="financer_edit"),
    path("engagements/<int:pk>/", commitments.commitment_detail, name="commitment_detail"),
    path("engagements/<int:pk>/modifier/", commitments.commitment_edit, name="commitment_edit"),
    path("engagements/<int:pk>/supprimer/", commitments.commitment_delete, name="commitment_delete"),
    path("engagements/<int:pk>/versements/nouveau/", commitments.payment_create, name="payment_create"),
    path("versements/<int:pk>/supprimer/", commitments.payment_delete, name="payment_delete"),
    path("fiches/<int:pk>/financements/", sheets.sheet_budget, name="sheet_budget"),
]

# The landlords' programmes financed by the TFPB abatement (funding/tfpb/urls.py).
urlpatterns += tfpb_urlpatterns
