from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from charter.views import accounts as account_views

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Django's login view with the second factor and a record of the session (charter.views.accounts).
    path("connexion/", account_views.login_view, name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("gusp.core.urls")),
    path("", include("charter.urls")),
    path("", include("actions.urls")),
    path("", include("governance.urls")),
    path("", include("diagnostics.urls")),
    path("", include("funding.urls")),
    path("", include("gusp.syntheses.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
