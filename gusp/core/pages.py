"""View helpers shared by every app: the form page and the POST-only action."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render

from . import idempotency
from .versions import EditConflict

ALREADY_SENT = "Ce formulaire avait déjà été envoyé : il n'a été enregistré qu'une fois."


def _show_error(form, error: ValidationError) -> None:
    """A rule broken in a service: on its field when the form has that field, else above the form."""
    if hasattr(error, "error_dict") and all(name in form.fields for name in error.error_dict):
        form.add_error(None, error)
    else:
        form.add_error(None, error.messages)


def form_page(
    request,
    form,
    save: Callable,
    *,
    title: str,
    success_url: str | Callable,
    back_url: str,
    success_message: str,
    multipart: bool = False,
    template: str = "core/form.html",
    context: dict | None = None,
):
    """Render a form page. On a valid POST, `save(form)` runs inside one transaction and the user goes to
    `success_url` (a URL, or a function of what `save` returned). In the same transaction:
    - the form's one-time key is spent: the same form posted twice saves once, and the second answer goes
      where the first went (`gusp.core.idempotency`);
    - the version the form was opened on is checked: a record changed meanwhile is not overwritten, the
      page says who changed what and keeps what the user typed (`gusp.core.versions`);
    - a rule broken in a service raises a ValidationError: shown on the form, nothing written."""
    conflict = None
    if request.method == "POST":
        earlier = idempotency.already_submitted(request)
        if earlier is not None:
            messages.info(request, ALREADY_SENT)
            return redirect(earlier.result_url)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                submitted = idempotency.spend(request)
                if hasattr(form, "check_version"):
                    form.check_version()
                saved = save(form)
                url = success_url(saved) if callable(success_url) else success_url
                idempotency.remember(submitted, url)
        except idempotency.DuplicateSubmission:
            earlier = idempotency.already_submitted(request)
            if earlier is not None:
                messages.info(request, ALREADY_SENT)
                return redirect(earlier.result_url)
            form.add_error(None, ALREADY_SENT)
        except EditConflict as error:
            conflict = error
            form.add_error(None, error.messages)
            form.rebase(error.current)
        except ValidationError as error:
            _show_error(form, error)
        else:
            messages.success(request, success_message)
            return redirect(url)
    status = 400 if request.method == "POST" else 200
    page = {
        "form": form,
        "title": title,
        "back_url": back_url,
        "multipart": multipart,
        "conflict": conflict,
        **(context or {}),
    }
    return render(request, template, page, status=status)


def post_action(request, action: Callable, *, success: str, target: str):
    """Run a service for a POST-only button (cancel, publish, send…): a broken rule is shown as an error
    message and nothing is written; then back to `target`."""
    try:
        with transaction.atomic():
            action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(target)
