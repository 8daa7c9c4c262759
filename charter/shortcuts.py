"""View helpers shared by every app."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render


def form_page(
    request, form, save, *, title: str, back_url: str, success_message: str, multipart: bool = False
):
    """Render a form page; on a valid POST, save inside one transaction and go back."""
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved = save(form)
        except ValidationError as error:  # a rule checked by a service: shown, nothing written
            form.add_error(None, error.messages)
        else:
            messages.success(request, success_message)
            target = saved.get_absolute_url() if hasattr(saved, "get_absolute_url") else back_url
            return redirect(target)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "charter/form.html",
        {"form": form, "title": title, "back_url": back_url, "multipart": multipart},
        status=status,
    )
