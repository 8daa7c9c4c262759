"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2), in JSON, so that a landlord's or a city's
own back office pulls the findings routed to it and pushes their status.

- `GET discovery.json`, `GET services.json` (the charter's categories), `GET requests.json` (the standard
  filters: service_request_id, service_code, start_date, end_date, status; the last 90 days by default,
  1 000 requests at most, `page` to read further), `GET requests/<id>.json`;
- `POST requests.json` with an `api_key`: a partner's system records a finding (routed by the rules);
  `attribute[client_id]` (a UUID) makes a retry safe;
- `POST servicerequestupdates.json` with an `api_key` (the update extension FixMyStreet uses): the
  organisation in charge moves its finding through the same state machine as its referents.

The jurisdiction is a charter (`jurisdiction_id` = its slug). Without a key, only published findings
are read, without any place inside a residence finer than its name; a key reads its organisation's
findings in its charter and what is public, and changes only its own (another's is a 404). The
reporter's e-mail address is never part of an answer."""

import datetime as dt
import uuid
from collections import deque
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from charter.models import Charter, Residence

from .. import services, states
from ..choices import OPEN_STATES, FindingState, PlaceKind, RejectReason, Source
from ..models import Category, Finding
from .common import declared_length

MAX_RESULTS = 1000
DEFAULT_DAYS = 90
MAX_BODY = 64 * 1024
CLOSED_FOR_PARTNERS = (FindingState.TREATED, FindingState.CHECKED, FindingState.REJECTED)
UPDATE_STATUSES = {
    "ACKNOWLEDGED": (FindingState.ACKNOWLEDGED, ""),
    "INVESTIGATING": (FindingState.IN_PROGRESS, ""),
    "ACTION_SCHEDULED": (FindingState.IN_PROGRESS, ""),
    "IN_PROGRESS": (FindingState.IN_PROGRESS, ""),
    "FIXED": (FindingState.TREATED, ""),
    "CLOSED": (FindingState.TREATED, ""),
    "NOT_RESPONSIBLE": (FindingState.REJECTED, RejectReason.NOT_OURS),
    "NOT_COUNCILS_RESPONSIBILITY": (FindingState.REJECTED, RejectReason.NOT_OURS),
    "DUPLICATE": (FindingState.REJECTED, RejectReason.DUPLICATE),
    "INVALID": (FindingState.REJECTED, RejectReason.INVALID),
}


class ApiError(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status, self.description = status, description


def _error(status: int, description: str) -> JsonResponse:
    return JsonResponse([{"code": status, "description": description}], status=status, safe=False)


def _answer(data) -> JsonResponse:
    response = JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, no-cache"
    return response


def api(view):
    """Open311 answers its errors in its own format; no session, no CSRF (a key authenticates)."""

    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ApiError as error:
            return _error(error.status, error.description)

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return login_not_required(csrf_exempt(wrapped))


def _key(request):
    raw = request.POST.get("api_key") if request.method == "POST" else request.GET.get("api_key")
    if not raw:
        return None
    key = services.authenticate(raw)
    if key is None:
        raise ApiError(403, "Clé d'API inconnue ou révoquée.")
    return key


def _charter(request, key) -> Charter:
    params = request.POST if request.method == "POST" else request.GET
    slug = (params.get("jurisdiction_id") or "").strip()[:80]
    if key is not None:
        if slug and slug != key.charter.slug:
            raise ApiError(403, "Cette clé ne vaut que pour la juridiction " + key.charter.slug + ".")
        return key.charter
    if not slug:
        raise ApiError(400, "Paramètre jurisdiction_id manquant (l'identifiant de la charte).")
    charter = Charter.objects.published().filter(slug=slug).first()
    if charter is None:
        raise ApiError(404, "Juridiction inconnue.")
    return charter


def _readable(key, charter):
    base = Finding.objects.of_key(key) if key is not None else Finding.objects.public()
    return base.filter(charter=charter).select_related(
        "category", "territory", "residence__landlord", "assigned_to"
    )


def _iso(value) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _expected(finding) -> str | None:
    if finding.due_on is None or finding.state not in OPEN_STATES:
        return None
    end = dt.datetime.combine(finding.due_on, dt.time(23, 59, 59), tzinfo=timezone.get_current_timezone())
    return end.isoformat(timespec="seconds")


def request_json(finding, *, own: bool) -> dict:
    """A finding as a GeoReport v2 service request. `own`: read with the key of the organisation in
    charge (the exact place, entrance included); else as published (the quarter and the residence's name
    at most, no point inside a residence)."""
    exact = own or finding.residence_id is None
    notes = finding.get_state_display()
    if finding.state == FindingState.REJECTED and finding.reject_reason:
        notes += f" — {finding.get_reject_reason_display()}"
    agency = ""
    if finding.assigned_to_id:
        agency = str(finding.assigned_to) + (
            f" — {finding.assigned_service}" if finding.assigned_service else ""
        )
    return {
        "service_request_id": str(finding.pk),
        "status": "closed" if finding.state in CLOSED_FOR_PARTNERS else "open",
        "status_notes": notes,
        "service_name": finding.category.label,
        "service_code": finding.category.code,
        "description": finding.description,
        "agency_responsible": agency,
        "service_notice": f"Délai cible : {finding.category.target_days} jours",
        "requested_datetime": _iso(finding.observed_at),
        "updated_datetime": _iso(finding.updated_at),
        "expected_datetime": _expected(finding),
        "address": finding.place_label if own else finding.public_place_label,
        "address_id": str(finding.residence_id) if finding.residence_id else "",
        "zipcode": "",
        "lat": float(finding.latitude) if exact and finding.latitude is not None else None,
        "long": float(finding.longitude) if exact and finding.longitude is not None else None,
        "media_url": "",
    }


@api
@require_GET
def discovery(request):
    base = request.build_absolute_uri(reverse("diagnostics:open311_services"))[: -len("services.json")]
    return _answer(
        {
            "changeset": "2024-01-01T00:00:00Z",
            "contact": "La coordination GUSP de la charte (voir la plateforme).",
            "key_service": "Les clés sont remises par la coordination GUSP à chaque organisation partenaire.",
            "endpoints": [
                {
                    "specification": "http://wiki.open311.org/GeoReport_v2",
                    "url": base,
                    "changeset": "2024-01-01T00:00:00Z",
                    "type": "production",
                    "formats": ["application/json"],
                }
            ],
        }
    )


@api
@require_GET
def service_list(request):
    charter = _charter(request, _key(request))
    categories = Category.objects.filter(charter=charter).active()
    return _answer(
        [
            {
                "service_code": c.code,
                "service_name": c.label,
                "description": c.description,
                "metadata": False,
                "type": "realtime",
                "keywords": "",
                "group": "",
            }
            for c in categories
        ]
    )


def _list_param(value: str, limit: int = 100) -> list[str]:
    items = [item.strip() for item in (value or "").split(",") if item.strip()]
    if len(items) > limit:
        raise ApiError(400, f"Au plus {limit} valeurs par paramètre.")
    return items


def _date(value: str, name: str):
    parsed = parse_datetime(value.strip()) if value else None
    if value and parsed is None:
        raise ApiError(400, f"{name} n'est pas une date ISO 8601 (par exemple 2024-01-31T00:00:00+01:00).")
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


@api
@require_http_methods(["GET", "POST"])
def request_list(request):
    if request.method == "POST":
        return _create_request(request)
    key = _key(request)
    charter = _charter(request, key)
    findings = _readable(key, charter)
    params = request.GET
    ids = _list_param(params.get("service_request_id", ""))
    if ids:
        if not all(i.isdecimal() and len(i) < 18 for i in ids):
            raise ApiError(400, "service_request_id : des numéros séparés par des virgules.")
        findings = findings.filter(pk__in=[int(i) for i in ids])
    else:
        codes = _list_param(params.get("service_code", ""))
        if codes:
            findings = findings.filter(category__code__in=codes)
        start, end = (
            _date(params.get("start_date", ""), "start_date"),
            _date(params.get("end_date", ""), "end_date"),
        )
        if start and end and end < start:
            raise ApiError(400, "end_date précède start_date.")
        if start is None and end is None:
            start = timezone.now() - dt.timedelta(days=DEFAULT_DAYS)
        if start is not None:
            findings = findings.filter(observed_at__gte=start)
        if end is not None:
            findings = findings.filter(observed_at__lte=end)
        wanted = set(_list_param(params.get("status", "")))
        if wanted - {"open", "closed"}:
            raise ApiError(400, "status : open, closed, ou les deux séparés par une virgule.")
        if wanted == {"open"}:
            findings = findings.exclude(state__in=CLOSED_FOR_PARTNERS)
        elif wanted == {"closed"}:
            findings = findings.filter(state__in=CLOSED_FOR_PARTNERS)
    page = params.get("page", "1")
    if not page.isdecimal() or not 1 <= int(page) <= 10_000:
        raise ApiError(400, "page : un nombre entier à partir de 1.")
    offset = (int(page) - 1) * MAX_RESULTS
    rows = findings.order_by("-observed_at", "-pk")[offset : offset + MAX_RESULTS]
    own = key.organisation_id if key is not None else None
    return _answer([request_json(f, own=own is not None and f.assigned_to_id == own) for f in rows])


@api
@require_GET
def request_detail(request, request_id):
    key = _key(request)
    charter = _charter(request, key)
    if not request_id.isdecimal() or len(request_id) > 18:
        raise ApiError(404, "Demande inconnue.")
    finding = _readable(key, charter).filter(pk=int(request_id)).first()
    if finding is None:
        raise ApiError(404, "Demande inconnue.")
    own = key is not None and finding.assigned_to_id == key.organisation_id
    return _answer([request_json(finding, own=own)])


def _limited(request) -> bool:
    return is_ratelimited(
        request,
        group="diagnostics.open311",
        key="ip",
        rate=getattr(settings, "GUSP_OPEN311_RATE", "120/m"),
        method="POST",
        increment=True,
    )


def _decimal(value: str, name: str, low: int, high: int):
    if not value:
        return None
    try:
        number = Decimal(value.strip())
    except InvalidOperation as error:
        raise ApiError(400, f"{name} n'est pas un nombre.") from error
    if not number.is_finite() or not low <= number <= high:
        raise ApiError(400, f"{name} doit être compris entre {low} et {high}.")
    return round(number, 6)


def _post_guard(request):
    length = declared_length(request)
    if length is None or length > MAX_BODY:
        raise ApiError(413, "Requête trop volumineuse.")
    if _limited(request):
        raise ApiError(429, "Trop de requêtes : réessayez dans une minute.")
    key = _key(request)
    if key is None:
        raise ApiError(
            403, "Paramètre api_key manquant : l'écriture demande la clé d'une organisation partenaire."
        )
    return key


def _create_request(request):
    key = _post_guard(request)
    charter = _charter(request, key)
    post = request.POST
    category = (
        Category.objects.filter(charter=charter, code=post.get("service_code", "")[:40]).active().first()
    )
    if category is None:
        raise ApiError(400, "service_code inconnu (voir services.json).")
    latitude = _decimal(post.get("lat", ""), "lat", -90, 90)
    longitude = _decimal(post.get("long", ""), "long", -180, 180)
    residence = None
    address_id = post.get("address_id", "").strip()
    if address_id:
        if not address_id.isdecimal() or len(address_id) > 18:
            raise ApiError(400, "address_id : l'identifiant numérique d'une résidence.")
        residence = (
            Residence.objects.in_charter(charter)
            .select_related("landlord", "territory")
            .filter(pk=int(address_id))
            .first()
        )
        if residence is None:
            raise ApiError(400, "address_id : aucune résidence de ce numéro dans la juridiction.")
    if residence is None and (latitude is None or longitude is None):
        raise ApiError(400, "Indiquez lat et long, ou address_id (une résidence).")
    description = (post.get("description") or "").strip()
    if not description or len(description) > 2000:
        raise ApiError(400, "description : un texte de 1 à 2 000 caractères.")
    client_id = post.get("attribute[client_id]", "").strip()
    try:
        client_uuid = uuid.UUID(client_id) if client_id else None
    except ValueError as error:
        raise ApiError(400, "attribute[client_id] doit être un UUID.") from error
    if client_uuid is not None:
        existing = Finding.objects.filter(client_id=client_uuid).first()
        if existing is not None:
            if existing.created_by_organisation_id != key.organisation_id:
                raise ApiError(409, "attribute[client_id] est déjà pris.")
            return _answer(
                [
                    {
                        "service_request_id": str(existing.pk),
                        "service_notice": "Déjà reçue.",
                        "account_id": None,
                    }
                ]
            )
    place_kind = post.get("attribute[place_kind]", "") or (
        PlaceKind.BUILDING if residence else PlaceKind.PUBLIC
    )
    if place_kind not in PlaceKind.values:
        raise ApiError(400, "attribute[place_kind] : building, grounds ou public.")
    try:
        with transaction.atomic():
            finding, created = services.record_finding(
                charter=charter,
                source=Source.OPEN311,
                api_key=key,
                category=category,
                place_kind=place_kind,
                residence=residence,
                place_note=(post.get("address_string") or "")[:200],
                latitude=latitude,
                longitude=longitude,
                location_source="map" if latitude is not None else "",
                description=description,
                client_id=client_uuid,
            )
    except ValidationError as error:
        raise ApiError(400, " ".join(error.messages)) from error
    notice = (
        f"Orientée vers {finding.assigned_to}."
        if finding.assigned_to_id
        else "À orienter par la coordination."
    )
    response = _answer(
        [{"service_request_id": str(finding.pk), "service_notice": notice, "account_id": None}]
    )
    response.status_code = 201 if created else 200
    return response


def path_to(from_state: str, to_state: str) -> list[str]:
    """The shortest series of changes an organisation in charge may make from one state to another (an
    update « FIXED » on a new finding acknowledges it, then treats it)."""
    queue, seen = deque([(from_state, [])]), {from_state}
    while queue:
        state, path = queue.popleft()
        if state == to_state and path:
            return path
        for (source, target), who in states.TRANSITIONS.items():
            if source == state and who == states.ASSIGNEE and target not in seen:
                seen.add(target)
                queue.append((target, [*path, target]))
    return []


@api
@require_POST
def request_update(request):
    """An update of a service request by the organisation in charge (FixMyStreet's Open311 extension)."""
    key = _post_guard(request)
    charter = _charter(request, key)
    post = request.POST
    request_id = post.get("service_request_id", "")
    if not request_id.isdecimal() or len(request_id) > 18:
        raise ApiError(400, "service_request_id manquant.")
    finding = (
        Finding.objects.filter(charter=charter, assigned_to=key.organisation_id, pk=int(request_id))
        .exclude(state=FindingState.MODERATION)
        .first()
    )
    if finding is None:
        raise ApiError(404, "Demande inconnue.")
    status = (post.get("status") or "").strip().upper()
    if status not in UPDATE_STATUSES:
        raise ApiError(400, "status : " + ", ".join(UPDATE_STATUSES) + ".")
    target, reason = UPDATE_STATUSES[status]
    duplicate = None
    if reason == RejectReason.DUPLICATE:
        other = post.get("duplicate_of", "")
        duplicate = (
            Finding.objects.filter(charter=charter, pk=int(other)).first()
            if other.isdecimal() and len(other) < 18
            else None
        )
        if duplicate is None:
            raise ApiError(400, "duplicate_of : le numéro de la demande dont celle-ci est le doublon.")
    comment = (post.get("description") or "").strip()[:2000]
    if finding.state == target:
        return _answer([{"update_id": None, "service_request_id": str(finding.pk), "status": finding.state}])
    steps = path_to(finding.state, target)
    if not steps:
        raise ApiError(
            409, f"La demande est « {finding.get_state_display()} » : ce changement n'est pas possible."
        )
    try:
        with transaction.atomic():
            for step in steps:
                event = services.change_state(
                    finding=finding,
                    to_state=step,
                    api_key=key,
                    comment=comment if step == target else "",
                    reject_reason=reason if step == FindingState.REJECTED else "",
                    duplicate_of=duplicate if step == FindingState.REJECTED else None,
                )
    except ValidationError as error:
        raise ApiError(400, " ".join(error.messages)) from error
    return _answer([{"update_id": str(event.pk), "service_request_id": str(finding.pk), "status": target}])
