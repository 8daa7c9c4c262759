"""The platform operators' pages: a new charter (empty, or with the structure of another one) and the
naming of its coordinators. An operator is a superuser or an account with `is_operator`; their session
must have passed the second factor (set up in « Mon compte »)."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gusp.core.pages import form_page

from .. import services_accounts
from ..forms import CharterCreateForm, CoordinatorsForm
from ..models import Charter
from ..perms import is_operator


def operator_required(view):
    """Refuse (403) anyone who is not an operator; send an operator whose session has not passed the
    second factor to set it up or to log in again with it."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_operator(request.user):
            raise PermissionDenied
        if not request.user.is_verified():
            messages.error(
                request,
                "Les pages des opérateurs demandent la double authentification : activez-la, ou reconnectez-vous "
                "avec votre code.",
            )
            return redirect("charter:otp_setup")
        return view(request, *args, **kwargs)

    return wrapped


@operator_required
@require_http_methods(["GET", "POST"])
def charter_create(request):
    form = CharterCreateForm(request.POST or None)

    def save(f):
        data = f.values
        coordinators = list(data.pop("coordinators"))
        charter = services_accounts.create_charter_for_operator(by=request.user, **data)
        services_accounts.set_coordinators(charter=charter, accounts=coordinators, by=request.user)
        return charter

    return form_page(
        request,
        form,
        save,
        title="Nouvelle charte",
        success_url=lambda charter: charter.get_absolute_url(),
        back_url=reverse("charter:charter_list"),
        success_message="La charte est créée.",
    )


@operator_required
@require_http_methods(["GET", "POST"])
def charter_coordinators(request, slug):
    charter = get_object_or_404(Charter, slug=slug)
    form = CoordinatorsForm(request.POST or None, charter=charter)
    return form_page(
        request,
        form,
        lambda f: services_accounts.set_coordinators(
            charter=charter, accounts=list(f.values["coordinators"]), by=request.user
        ),
        title=f"Coordination de « {charter.title} »",
        success_url=charter.get_absolute_url(),
        back_url=charter.get_absolute_url(),
        success_message="Les chargé(e)s de mission de la charte sont enregistré(e)s.",
    )
