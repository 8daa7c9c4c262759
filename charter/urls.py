from django.urls import path

from .views import (
    accounts,
    archive,
    charters,
    correspondents,
    jobs,
    operators,
    organisations,
    partners,
    residences,
    territories,
    themes,
)

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
    # Edit and remove from the platform's pages (issue 13).
    path("chartes/<slug:slug>/visas/<int:pk>/modifier/", charters.reference_edit, name="reference_edit"),
    path("quartiers/<int:pk>/donnees/<int:figure_pk>/modifier/", territories.figure_edit, name="figure_edit"),
    path("chartes/<slug:slug>/themes/nouveau/", themes.theme_create, name="theme_create"),
    path("themes/<int:theme_pk>/sous-themes/nouveau/", themes.sub_theme_edit, name="sub_theme_create"),
    path(
        "themes/<int:theme_pk>/sous-themes/<int:pk>/modifier/", themes.sub_theme_edit, name="sub_theme_edit"
    ),
    path("chartes/<slug:slug>/donnees/nouvelle/", charters.charter_figure_edit, name="charter_figure_create"),
    path(
        "chartes/<slug:slug>/donnees/<int:pk>/modifier/",
        charters.charter_figure_edit,
        name="charter_figure_edit",
    ),
    # Partners and their accounts (issue 13).
    path("chartes/<slug:slug>/partenaires/", partners.partner_list, name="partner_list"),
    path("chartes/<slug:slug>/partenaires/ajouter/", partners.partner_add, name="partner_add"),
    path("chartes/<slug:slug>/partenaires/<int:pk>/", partners.partner_detail, name="partner_detail"),
    path(
        "chartes/<slug:slug>/partenaires/<int:pk>/modifier/",
        partners.partnership_edit,
        name="partnership_edit",
    ),
    path(
        "chartes/<slug:slug>/partenaires/<int:pk>/organisation/modifier/",
        partners.organisation_edit,
        name="organisation_edit",
    ),
    path("chartes/<slug:slug>/partenaires/<int:pk>/inviter/", partners.account_invite, name="account_invite"),
    path("chartes/<slug:slug>/comptes/", partners.account_list, name="account_list"),
    path("chartes/<slug:slug>/comptes/<int:user_pk>/role/", partners.account_role, name="account_role"),
    path(
        "chartes/<slug:slug>/comptes/<int:user_pk>/desactiver/",
        partners.account_active,
        {"active": False},
        name="account_deactivate",
    ),
    path(
        "chartes/<slug:slug>/comptes/<int:user_pk>/reactiver/",
        partners.account_active,
        {"active": True},
        name="account_reactivate",
    ),
    path(
        "chartes/<slug:slug>/comptes/<int:user_pk>/relancer/",
        partners.account_reinvite,
        name="account_reinvite",
    ),
    # Archives: remove (archive) and restore any archivable record.
    path("chartes/<slug:slug>/archives/", archive.archive_list, name="archive_list"),
    path("archives/<str:key>/<int:pk>/retirer/", archive.archive_confirm, name="archive_confirm"),
    path("archives/<str:key>/<int:pk>/restaurer/", archive.archive_restore, name="archive_restore"),
    # One's own account.
    path("invitation/<uidb64>/<token>/", accounts.invitation_accept, name="invitation_accept"),
    path("mot-de-passe/oublie/", accounts.password_reset, name="password_reset"),
    path("mot-de-passe/oublie/envoye/", accounts.password_reset_done, name="password_reset_done"),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        accounts.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/enregistre/", accounts.password_reset_complete, name="password_reset_complete"
    ),
    path("mon-compte/", accounts.my_account, name="my_account"),
    path("mon-compte/mot-de-passe/", accounts.password_change, name="password_change"),
    path("mon-compte/sessions/<int:pk>/fermer/", accounts.session_end, name="session_end"),
    path("mon-compte/double-authentification/", accounts.otp_setup, name="otp_setup"),
    path("mon-compte/double-authentification/desactiver/", accounts.otp_disable, name="otp_disable"),
    # Platform operators.
    path("plateforme/chartes/nouvelle/", operators.charter_create, name="operator_charter_create"),
    path(
        "plateforme/chartes/<slug:slug>/coordination/",
        operators.charter_coordinators,
        name="operator_charter_coordinators",
    ),
]
