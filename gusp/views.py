"""Project-level pages: the home page (composed from the apps' querysets) and the health endpoint."""

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Sum
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from actions.models import Action
from charter.models import Charter, Residence, Territory
from governance.models import Committee, Meeting
from governance.rhythm import committee_rhythm


@login_not_required
def home(request):
    user = request.user
    context = {"charters": Charter.objects.visible_to(user).order_by("-starts_on")}
    if not user.is_authenticated:
        context["public_territories"] = (
            Territory.objects.visible_to(user).select_related("charter").order_by("charter__title", "name")
        )
        return render(request, "home_public.html", context)

    member_charters = Charter.objects.member_of(user)
    context["overview"] = member_charters.annotate(
        territory_count=Count("territories", distinct=True),
        theme_count=Count("themes", distinct=True),
        sheet_count=Count("project_sheets", distinct=True),
        committee_count=Count("committees", distinct=True),
    ).order_by("-starts_on")
    residences_of_members = Residence.objects.filter(territory__charter__in=member_charters.values("pk"))
    context["residence_totals"] = residences_of_members.aggregate(
        count=Count("pk"), dwellings=Sum("dwellings")
    )
    context["editable_residences"] = (
        Residence.objects.editable_by(user).with_related().order_by("territory__name", "name")
        if user.is_referent
        else Residence.objects.none()
    )
    context["coordinated"] = Charter.objects.coordinated_by(user)
    context["territories"] = (
        Territory.objects.filter(charter__in=member_charters.values("pk"))
        .select_related("charter")
        .annotate(residence_count=Count("residences"), dwelling_count=Sum("residences__dwellings"))
        .order_by("charter__title", "phase", "name")
    )
    if user.is_coordinator or user.is_referent:
        # The coordinator follows every late action of their charters; a referent those of their organisation.
        mine = Action.objects.loggable_by(user) if user.is_referent else Action.objects.editable_by(user)
        late = mine.late().with_related().with_lateness().order_by("due_on", "pk")
        context["late_actions"] = late[:10]
        context["late_count"] = late.count()
    if user.is_coordinator:
        # Committees whose rhythm (section VI) is not kept or about to be missed.
        committees = (
            Committee.objects.filter(charter__in=context["coordinated"]).for_rhythm().order_by("name")
        )
        context["rhythm_alerts"] = [
            (committee, rhythm)
            for committee, rhythm in ((c, committee_rhythm(c)) for c in committees)
            if rhythm.status in {"late", "soon"}
        ]
    context["my_committees"] = Committee.objects.of_member(user).select_related("charter").order_by("name")
    context["next_meetings"] = (
        Meeting.objects.of_user_committees(user).upcoming().with_related().order_by("starts_at")[:5]
    )
    return render(request, "home.html", context)


@login_not_required
@never_cache
def healthz(request):
    """State of the database, the cache and the broker as JSON (503 if one is down). Anonymous monitors get
    each part's state; staff also get the technical details (engine, transport, error class)."""
    checks = {"database": _check_database(), "cache": _check_cache(), "broker": _check_broker()}
    healthy = all(check["ok"] for check in checks.values())
    if not (request.user.is_authenticated and request.user.is_staff):
        checks = {name: {"ok": check["ok"]} for name, check in checks.items()}
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


def _check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # noqa: BLE001 - any failure is reported, not raised
        return {"ok": False, "error": exc.__class__.__name__}


def _check_cache() -> dict:
    try:
        cache.set("healthz", "ok", 10)
        return {"ok": cache.get("healthz") == "ok"}
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": exc.__class__.__name__}


def _check_broker() -> dict:
    from gusp.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            return {"ok": True, "transport": conn.transport_cls}
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": exc.__class__.__name__}
