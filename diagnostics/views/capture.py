"""Recording findings on a phone, with a weak or absent network.

The capture page is an ordinary form (it works without JavaScript: posted as a page, with its one-time
key). With JavaScript (static/js/findings.js), a finding is first kept on the device (IndexedDB) with an
id the device makes (a UUID), then sent to `finding_submit`, which answers in JSON; the device forgets it
only once the server has answered that it holds it. Sent twice (the answer was lost), the same id makes
no second finding: the server answers with the one it holds. The service worker (`service_worker`,
static/js/findings-sw.js) keeps the capture page and its assets, so that the page opens again offline."""

import uuid

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from charter.models import Charter
from gusp.core.pages import form_page

from .. import perms, services
from ..choices import Source
from ..forms import FindingForm
from ..models import Finding, WalkingDiagnostic
from .common import body_cap, member_charter

# Five photos of 10 MB and the text around them.
MAX_SUBMIT_BYTES = 52 * 1024 * 1024
SCOPE = "/diagnostics/"


def _record(form, *, user, charter, walk) -> tuple:
    data = form.cleaned_data
    return services.record_finding(
        charter=charter,
        author=user,
        source=Source.WALK if walk is not None else Source.FIELD,
        walk=walk,
        category=data["category"],
        place_kind=data["place_kind"],
        territory=data["territory"],
        residence=data["residence"],
        entrance=data["entrance"],
        place_note=data["place_note"],
        latitude=data["latitude"],
        longitude=data["longitude"],
        location_source=data["location_source"] or "",
        severity=data["severity"],
        description=data["description"],
        photos=data["photos"],
        observed_at=data["observed_at"],
        client_id=data["client_id"],
    )


def _capture_page(request, *, charter, walk):
    form = FindingForm(request.POST or None, request.FILES or None, charter=charter, walk=walk)
    here = request.path
    return form_page(
        request,
        form,
        lambda f: _record(f, user=request.user, charter=charter, walk=walk)[0],
        title=f"Saisir un constat — {walk.place_label}" if walk else f"Saisir un constat — {charter.commune}",
        success_url=here,
        back_url=walk.get_absolute_url() if walk else reverse("diagnostics:home", args=[charter.slug]),
        success_message="Le constat est enregistré et orienté. Vous pouvez saisir le suivant.",
        multipart=True,
        template="diagnostics/capture.html",
        context={
            "charter": charter,
            "walk": walk,
            "submit_url": reverse("diagnostics:finding_submit"),
            "sw_url": reverse("diagnostics:service_worker"),
            "sw_scope": SCOPE,
        },
    )


@require_http_methods(["GET", "POST"])
def capture_walk(request, pk):
    walk = get_object_or_404(WalkingDiagnostic.objects.recordable_by(request.user).with_related(), pk=pk)
    return _capture_page(request, charter=walk.charter, walk=walk)


@require_http_methods(["GET", "POST"])
def capture_field(request, slug):
    charter = member_charter(request, slug)
    if not perms.can_record_in_field(request.user, charter):
        raise PermissionDenied
    return _capture_page(request, charter=charter, walk=None)


def _json_too_large(request, max_bytes):
    return JsonResponse(
        {
            "error": f"Envoi trop volumineux : au plus {max_bytes // 1024 // 1024} Mo par constat (photos comprises)."
        },
        status=413,
    )


def _answer(finding, *, created: bool):
    return JsonResponse(
        {"id": finding.pk, "url": finding.get_absolute_url(), "created": created},
        status=201 if created else 200,
    )


@login_not_required  # answers 401 in JSON instead of redirecting to the login page
@require_POST
@body_cap(MAX_SUBMIT_BYTES, refuse=_json_too_large)
def finding_submit(request):
    """A finding sent by the offline queue, keyed by the id its device made (`client_id`). 201: created;
    200: already held (the same id sent again); 400: refused, with the errors by field."""
    user = request.user
    if not user.is_authenticated:
        return JsonResponse(
            {"error": "Votre session a expiré : reconnectez-vous, vos constats restent sur l'appareil."},
            status=401,
        )
    # Sent again (the first answer was lost): the finding the server holds, whatever changed since (even the
    # sender's place in the walk's team).
    try:
        client_id = uuid.UUID(request.POST.get("client_id", ""))
    except ValueError:
        error = [{"message": "Identifiant de saisie manquant ou invalide.", "code": "required"}]
        return JsonResponse(
            {"error": "Identifiant de saisie manquant.", "errors": {"client_id": error}}, status=400
        )
    existing = Finding.objects.filter(client_id=client_id).first()
    if existing is not None:
        if not Finding.objects.visible_to(user).filter(pk=existing.pk).exists():
            return JsonResponse({"error": "Cet identifiant de saisie est déjà pris."}, status=409)
        return _answer(existing, created=False)
    walk = charter = None
    walk_id = request.POST.get("walk", "")
    if walk_id:
        if not walk_id.isdecimal() or len(walk_id) > 18:
            return JsonResponse({"error": "Diagnostic inconnu."}, status=404)
        walk = (
            WalkingDiagnostic.objects.recordable_by(user)
            .select_related("charter", "territory")
            .filter(pk=walk_id)
            .first()
        )
        if walk is None:
            return JsonResponse(
                {"error": "Ce diagnostic n'existe pas ou vous n'en faites pas partie."}, status=404
            )
        charter = walk.charter
    else:
        charter = Charter.objects.member_of(user).filter(slug=request.POST.get("charter", "")[:80]).first()
        if charter is None or not perms.can_record_in_field(user, charter):
            return JsonResponse(
                {"error": "Vous ne pouvez pas saisir de constat dans cette charte."}, status=404
            )
    form = FindingForm(request.POST, request.FILES, charter=charter, walk=walk)
    if not form.is_valid():
        return JsonResponse(
            {"error": "Le constat est incomplet ou invalide.", "errors": form.errors.get_json_data()},
            status=400,
        )
    try:
        with transaction.atomic():
            finding, created = _record(form, user=user, charter=charter, walk=walk)
    except ValidationError as error:
        errors = getattr(error, "message_dict", {"__all__": error.messages})
        return JsonResponse({"error": " ".join(error.messages), "errors": errors}, status=400)
    return _answer(finding, created=created)


@login_not_required
@never_cache
def service_worker(request):
    """The service worker, served from the scope of the findings pages (a script under /static/ could only
    control /static/)."""
    path = finders.find("js/findings-sw.js")
    if path is None:
        raise Http404
    with open(path, encoding="utf-8") as file:
        response = HttpResponse(file.read(), content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = SCOPE
    return response
