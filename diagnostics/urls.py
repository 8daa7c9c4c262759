from django.urls import path

from .surveys.urls import urlpatterns as survey_urlpatterns
from .views import capture, config, dashboard, findings, maps, moderation, open311, public, walks

app_name = "diagnostics"

urlpatterns = [
    # The service worker and the offline queue's endpoint: under /diagnostics/, the scope of the worker.
    path("diagnostics/sw.js", capture.service_worker, name="service_worker"),
    path("diagnostics/constats/envoi/", capture.finding_submit, name="finding_submit"),
    path("diagnostics/constats/<int:pk>/", findings.finding_detail, name="finding_detail"),
    path("diagnostics/constats/<int:pk>/etat/", findings.finding_transition, name="finding_transition"),
    path("diagnostics/constats/<int:pk>/orienter/", findings.finding_reroute, name="finding_reroute"),
    path("diagnostics/constats/<int:pk>/publication/", findings.finding_publish, name="finding_publish"),
    path(
        "diagnostics/constats/<int:pk>/action/", findings.finding_action_create, name="finding_action_create"
    ),
    path(
        "diagnostics/constats/<int:pk>/lier-action/", findings.finding_action_link, name="finding_action_link"
    ),
    path("diagnostics/photos/<int:pk>/", findings.photo, name="photo"),
    path("diagnostics/marches/<int:pk>/", walks.walk_detail, name="walk_detail"),
    path("diagnostics/marches/<int:pk>/modifier/", walks.walk_edit, name="walk_edit"),
    path("diagnostics/marches/<int:pk>/equipe/", walks.member_add, name="member_add"),
    path("diagnostics/marches/<int:pk>/saisie/", capture.capture_walk, name="capture_walk"),
    path("diagnostics/marches/<int:pk>/verifier/<int:finding>/", walks.walk_check, name="walk_check"),
    path("diagnostics/equipe/<int:pk>/retirer/", walks.member_remove, name="member_remove"),
    path("diagnostics/categories/<int:pk>/modifier/", config.category_edit, name="category_edit"),
    path("diagnostics/orientation/<int:pk>/modifier/", config.rule_edit, name="rule_edit"),
    path("diagnostics/orientation/<int:pk>/supprimer/", config.rule_delete, name="rule_delete"),
    path("diagnostics/cles-open311/<int:pk>/revoquer/", config.key_revoke, name="key_revoke"),
    path("diagnostics/signalements/<int:pk>/moderer/", moderation.moderate, name="moderate"),
    # A charter's field half.
    path("diagnostics/<slug:slug>/", walks.walk_list, name="home"),
    path("diagnostics/<slug:slug>/marches/nouvelle/", walks.walk_create, name="walk_create"),
    path("diagnostics/<slug:slug>/saisie/", capture.capture_field, name="capture_field"),
    path("diagnostics/<slug:slug>/constats/", findings.finding_list, name="finding_list"),
    path("diagnostics/<slug:slug>/a-traiter/", findings.todo, name="todo"),
    path("diagnostics/<slug:slug>/delais/", dashboard.delays, name="delays"),
    path("diagnostics/<slug:slug>/categories/", config.category_list, name="category_list"),
    path("diagnostics/<slug:slug>/categories/nouvelle/", config.category_edit, name="category_create"),
    path("diagnostics/<slug:slug>/orientation/", config.rule_list, name="rule_list"),
    path("diagnostics/<slug:slug>/orientation/nouvelle/", config.rule_edit, name="rule_create"),
    path("diagnostics/<slug:slug>/moderation/", moderation.moderation_list, name="moderation_list"),
    path("diagnostics/<slug:slug>/cles-open311/", config.key_list, name="key_list"),
    path("diagnostics/<slug:slug>/cles-open311/nouvelle/", config.key_create, name="key_create"),
    # Open to everybody: the map (published findings for inhabitants), the report form, the published list.
    path("carte/<slug:slug>/", maps.map_page, name="map"),
    path("carte/<slug:slug>/donnees.geojson", maps.map_data, name="map_data"),
    path("signaler/<slug:slug>/", public.report_form, name="report"),
    path("signaler/<slug:slug>/merci/", public.report_thanks, name="report_thanks"),
    path("signalements/<slug:slug>/", public.public_list, name="public_list"),
    # Open311 GeoReport v2.
    path("open311/v2/discovery.json", open311.discovery, name="open311_discovery"),
    path("open311/v2/services.json", open311.service_list, name="open311_services"),
    path("open311/v2/requests.json", open311.request_list, name="open311_requests"),
    path("open311/v2/requests/<str:request_id>.json", open311.request_detail, name="open311_request"),
    path("open311/v2/servicerequestupdates.json", open311.request_update, name="open311_update"),
]

# Tenants' satisfaction surveys (diagnostics/surveys/urls.py).
urlpatterns += survey_urlpatterns
