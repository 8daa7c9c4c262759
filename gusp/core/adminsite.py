"""The Django admin, for the platform's operators, behind the second factor: a staff account whose session
has not passed it (django-otp) is sent to set it up, or to log in again with its code, before any admin
page (`settings.GUSP_ADMIN_REQUIRES_OTP`, on outside development)."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse


def requires_otp() -> bool:
    return bool(getattr(settings, "GUSP_ADMIN_REQUIRES_OTP", True))


class VerifiedAdminSite(admin.AdminSite):
    def has_permission(self, request):
        allowed = super().has_permission(request)
        return allowed and (not requires_otp() or request.user.is_verified())

    def login(self, request, extra_context=None):
        if not requires_otp():
            return super().login(request, extra_context)
        user = request.user
        if not user.is_authenticated:
            # The platform's login page asks for the code of the accounts that set one up.
            return redirect_to_login(request.GET.get("next") or reverse("admin:index"), settings.LOGIN_URL)
        if user.is_active and user.is_staff and not user.is_verified():
            messages.error(
                request,
                "L'administration demande la double authentification : activez-la, ou reconnectez-vous avec "
                "votre code.",
            )
            return redirect(settings.GUSP_OTP_SETUP_URL)
        return super().login(request, extra_context)  # not staff: Django's « not authorised » page
