"""A person's own account: logging in (with the second factor when set up), accepting an invitation,
resetting a forgotten password, « Mon compte » (password, open sessions, second factor)."""

import base64

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from gusp.core.network import client_ip
from gusp.core.pages import form_page, post_action

from .. import services_accounts
from ..forms import (
    InvitationAcceptForm,
    LoginForm,
    OtpConfirmForm,
    OtpDisableForm,
    PasswordChangeForm,
    QueuedPasswordResetForm,
    devices_for,
)
from ..models import User
from ..perms import is_operator
from ..tokens import invitation_tokens


class LoginView(auth_views.LoginView):
    """Django's login view with the second factor, and a record of the session opened (from where, with
    which browser) so that the person can see and end it in « Mon compte »."""

    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.otp_device is not None:
            otp_login(self.request, form.otp_device)
        services_accounts.record_login(
            user=form.get_user(),
            session_key=self.request.session.session_key,
            ip_address=client_ip(self.request),
            user_agent=self.request.META.get("HTTP_USER_AGENT", ""),
        )
        return response


login_view = login_not_required(LoginView.as_view())


def _invited_account(uidb64: str):
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    if not 0 < pk < 2**63:
        return None
    return User.objects.filter(pk=pk, is_active=True).select_related("organisation").first()


@login_not_required
@sensitive_post_parameters()
@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def invitation_accept(request, uidb64, token):
    """The link of an invitation e-mail: choose a password, once. An expired, used or forged link is
    refused without saying whether the account exists."""
    account = _invited_account(uidb64)
    if account is None or not invitation_tokens.check_token(account, token):
        return render(
            request, "registration/invitation_invalid.html", status=400 if request.method == "POST" else 200
        )
    form = InvitationAcceptForm(account, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services_accounts.accept_invitation(account=account, password=form.cleaned_data["new_password1"])
        messages.success(request, "Votre mot de passe est enregistré : vous pouvez vous connecter.")
        return redirect("login")
    return render(
        request,
        "registration/invitation_accept.html",
        {"form": form, "account": account},
        status=400 if request.method == "POST" else 200,
    )


# Password reset: Django's views, the e-mail sent by a durable job --------------------------------------


password_reset = auth_views.PasswordResetView.as_view(
    form_class=QueuedPasswordResetForm,
    template_name="registration/password_reset_form.html",
    success_url=reverse_lazy("charter:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="registration/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="registration/password_reset_confirm.html",
    success_url=reverse_lazy("charter:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="registration/password_reset_complete.html"
)


# « Mon compte » --------------------------------------------------------------------------------------


def my_account(request):
    sessions = services_accounts.open_sessions(request.user)
    context = {
        "sessions": sessions,
        "current_key": request.session.session_key,
        "has_otp": bool(devices_for(request.user)),
        "otp_required": is_operator(request.user),
        "is_verified": request.user.is_verified(),
    }
    return render(request, "charter/accounts/my_account.html", context)


@require_POST
def session_end(request, pk):
    current = (
        services_accounts.open_sessions(request.user)
        .filter(pk=pk, session_key=request.session.session_key)
        .exists()
    )
    response = post_action(
        request,
        lambda: services_accounts.end_session(user=request.user, login_session_id=pk),
        success="La session est fermée.",
        target=reverse("charter:my_account"),
    )
    if current:
        return redirect("login")
    return response


@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)

    def save(f):
        user = f.save()
        update_session_auth_hash(request, user)
        return user

    return form_page(
        request,
        form,
        save,
        title="Changer de mot de passe",
        success_url=reverse("charter:my_account"),
        back_url=reverse("charter:my_account"),
        success_message="Votre mot de passe est changé.",
    )


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """Set up the second factor: a new TOTP secret shown as a QR code (and as text), confirmed by a first
    code. Until confirmed, the device does not count. Replacing a confirmed authenticator asks for a session
    that passed it (logged in with its code): a session opened without it cannot swap in its own."""
    if devices_for(request.user) and not request.user.is_verified():
        messages.error(
            request,
            "Pour changer d'application d'authentification, reconnectez-vous avec le code de l'application "
            "actuelle.",
        )
        return redirect("charter:my_account")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=request.user, name="Application d'authentification", confirmed=False
        )
    form = OtpConfirmForm(request.POST or None, device=device)

    def save(f):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=request.user, confirmed=True).exclude(pk=device.pk).delete()
        otp_login(request, device)
        return device

    secret = base64.b32encode(device.bin_key).decode()
    return form_page(
        request,
        form,
        save,
        title="Activer la double authentification",
        success_url=reverse("charter:my_account"),
        back_url=reverse("charter:my_account"),
        success_message="La double authentification est activée : un code vous sera demandé à chaque connexion.",
        template="charter/accounts/otp_setup.html",
        context={"qr_code": _qr_svg(device.config_url), "secret": secret},
    )


@require_http_methods(["GET", "POST"])
def otp_disable(request):
    form = OtpDisableForm(request.POST or None, user=request.user)

    def save(f):
        TOTPDevice.objects.filter(user=request.user).delete()
        return None

    if is_operator(request.user):
        messages.error(
            request, "La double authentification est obligatoire pour les opérateurs de la plateforme."
        )
        return redirect("charter:my_account")
    return form_page(
        request,
        form,
        save,
        title="Désactiver la double authentification",
        success_url=reverse("charter:my_account"),
        back_url=reverse("charter:my_account"),
        success_message="La double authentification est désactivée.",
    )
