"""The inhabitants' side: reporting a dysfunction without an account, and the published findings.

The report form is guarded without any third-party service:
- the body is capped (`MAX_REPORT_BYTES`, from the declared length, before anything reads it);
- posts are rate-limited per address (django-ratelimit, `settings.GUSP_REPORT_RATE`);
- robots are stopped by a field people do not see and a minimum fill time (`forms.ReportForm`);
- photos are checked by their content and re-encoded without their metadata;
- text is stored as typed and always escaped when shown.
A refused post writes nothing and says why in French."""

import hashlib

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from charter.models import Charter
from gusp.core.pages import form_page

from .. import services
from ..filters import FindingFilter
from ..forms import ReportForm
from ..models import Finding
from .common import body_cap, paginate

MAX_REPORT_BYTES = 12 * 1024 * 1024
DEFAULT_RATE = "5/10m"


def _published(slug) -> Charter:
    return get_object_or_404(Charter.objects.published(), slug=slug)


def _too_large(request, max_bytes):
    return render(
        request,
        "diagnostics/report_refused.html",
        {
            "title": "Envoi trop volumineux",
            "message": f"Votre envoi dépasse {max_bytes // 1024 // 1024} Mo : rien n'a été enregistré. "
            "Joignez moins de photos, ou des photos plus légères, puis envoyez de nouveau le formulaire.",
        },
        status=413,
    )


@login_not_required
@require_http_methods(["GET", "POST"])
@body_cap(MAX_REPORT_BYTES, refuse=_too_large)
def report_form(request, slug):
    charter = _published(slug)
    if request.method == "POST" and is_ratelimited(
        request,
        group="diagnostics.report",
        key="ip",
        rate=getattr(settings, "GUSP_REPORT_RATE", DEFAULT_RATE),
        method="POST",
        increment=True,
    ):
        return render(
            request,
            "diagnostics/report_refused.html",
            {
                "title": "Trop d'envois",
                "message": "Trop de signalements sont partis de votre connexion en peu de temps : rien n'a été "
                "enregistré. Réessayez dans quelques minutes.",
            },
            status=429,
        )
    form = ReportForm(request.POST or None, request.FILES or None, charter=charter)

    def save(f):
        data = f.cleaned_data
        return services.submit_report(
            charter=charter,
            category=data["category"],
            territory=data["territory"],
            place_kind=data["place_kind"],
            residence=data["residence"],
            place_note=data["place_note"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            location_source=data["location_source"] or "",
            description=data["description"],
            photos=data["photos"],
            email=data["email"],
            form_digest=hashlib.sha256(data["started"].encode()).hexdigest(),
        )

    return form_page(
        request,
        form,
        save,
        title=f"Signaler un problème — {charter.commune}",
        success_url=reverse("diagnostics:report_thanks", args=[charter.slug]),
        back_url=reverse("home"),
        success_message="Merci : votre signalement est reçu. La coordination GUSP le lira avant de le transmettre.",
        multipart=True,
        template="diagnostics/report_form.html",
        context={"charter": charter, "max_mb": MAX_REPORT_BYTES // 1024 // 1024},
    )


@login_not_required
def report_thanks(request, slug):
    charter = _published(slug)
    return render(request, "diagnostics/report_thanks.html", {"charter": charter})


@login_not_required
def public_list(request, slug):
    """The published findings: what, in which quarter, in which state — no personal data, no place inside
    a residence finer than its name."""
    charter = _published(slug)
    findings = (
        Finding.objects.public()
        .filter(charter=charter)
        .select_related("category", "territory", "residence")
        .order_by("-observed_at", "-pk")
    )
    finding_filter = FindingFilter(request.GET or None, queryset=findings, charter=charter, public=True)
    page, query = paginate(request, finding_filter.qs)
    return render(
        request,
        "diagnostics/public_list.html",
        {"charter": charter, "filter": finding_filter, "page": page, "query": query},
    )
