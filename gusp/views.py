"""Project-level pages: the home page (composed from the apps' querysets) and the health endpoint."""

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, F, Func, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

from actions.models import Action, ProjectSheet
from charter.models import Charter, Residence, Territory, Theme
from charter.querysets import coordinated_charter_ids
from diagnostics.models import Finding
from governance.models import Committee, Meeting
from governance.rhythm import committee_rhythm

# Every list of the home page is bounded, whatever the number of charters a user sees (a State account or
# an operator may see hundreds): the first ones, and how many there are in all with a link to the full list.
HOME_LIST = 12
HOME_TERRITORIES = 30
LATEST_MINUTES = 3


def _count(queryset):
    """A count of related rows as a correlated subquery (no join that would multiply other counts)."""
    return Coalesce(
        Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1]), 0
    )


@login_not_required
def home(request):
    user = request.user
    if not user.is_authenticated:
        charters = Charter.objects.visible_to(user).annotate(
            territory_count=_count(
                Territory.objects.visible_to(user).filter(charter=OuterRef("pk")).values("charter")
            )
        )
        page = Paginator(charters.order_by("-starts_on", "title"), HOME_LIST).get_page(
            request.GET.get("page")
        )
        return render(request, "home_public.html", {"page": page, "query": ""})

    member_charters = Charter.objects.member_of(user)
    charter_ids = member_charters.values("pk")
    context = {"charter_count": member_charters.count()}
    context["overview"] = member_charters.annotate(
        territory_count=_count(Territory.objects.live().filter(charter=OuterRef("pk")).values("charter")),
        theme_count=_count(Theme.objects.live().filter(charter=OuterRef("pk")).values("charter")),
        sheet_count=_count(ProjectSheet.objects.live().filter(charter=OuterRef("pk")).values("charter")),
        committee_count=_count(Committee.objects.live().filter(charter=OuterRef("pk")).values("charter")),
    ).order_by("-starts_on", "pk")[:HOME_LIST]
    coordinated = coordinated_charter_ids(user)
    context["coordinated_ids"] = {c.pk for c in context["overview"]} if coordinated is None else coordinated
    context["residence_totals"] = (
        Residence.objects.live()
        .filter(territory__charter__in=charter_ids)
        .aggregate(count=Count("pk"), dwellings=Sum("dwellings"))
    )
    if user.is_referent:
        editable = Residence.objects.editable_by(user)
        context["editable_residences"] = editable.with_related().order_by("territory__name", "name")[
            :HOME_LIST
        ]
        context["editable_count"] = editable.count()
    territories = Territory.objects.live().filter(charter__in=charter_ids)
    context["territory_count"] = territories.count()
    context["territories"] = (
        territories.select_related("charter")
        .annotate(
            residence_count=_count(
                Residence.objects.live().filter(territory=OuterRef("pk")).values("territory")
            ),
            dwelling_count=Subquery(
                Residence.objects.live()
                .filter(territory=OuterRef("pk"))
                .order_by()
                .values("territory")
                .annotate(total=Sum("dwellings"))
                .values("total")[:1]
            ),
        )
        .order_by("charter__title", "phase", "name")[:HOME_TERRITORIES]
    )
    if user.is_coordinator or user.is_referent:
        # The coordinator follows every late action of their charters; a referent those of their organisation.
        mine = Action.objects.loggable_by(user) if user.is_referent else Action.objects.editable_by(user)
        late = mine.late().with_related().with_lateness().order_by("due_on", "pk")
        context["late_actions"] = late[:10]
        context["late_count"] = late.count()
        findings = Finding.objects.home_for(user)
        context["open_findings"] = findings[:10]
        context["open_findings_count"] = findings.count()
    if user.is_coordinator:
        # Committees whose rhythm (section VI) is not kept or about to be missed, in the charters shown.
        shown = Charter.objects.coordinated_by(user).order_by("-starts_on", "pk")[:HOME_LIST]
        committees = (
            Committee.objects.live().filter(charter__in=shown.values("pk")).for_rhythm().order_by("name")
        )
        context["rhythm_alerts"] = [
            (committee, rhythm)
            for committee, rhythm in ((c, committee_rhythm(c)) for c in committees)
            if rhythm.status in {"missed", "soon"}
        ]
    mine = Committee.objects.of_member(user)
    context["my_committees"] = mine.select_related("charter").order_by("name")[:HOME_LIST]
    context["my_committee_count"] = mine.count()
    context["next_meetings"] = (
        Meeting.objects.of_user_committees(user).upcoming().with_related().order_by("starts_at")[:5]
    )
    # The latest minutes of the user's committees: a committee member's first errand, one tap away.
    context["latest_minutes"] = (
        Meeting.objects.of_user_committees(user)
        .filter(minutes__isnull=False)
        .select_related("committee", "minutes")
        .order_by("-starts_at", "-pk")[:LATEST_MINUTES]
    )
    return render(request, "home.html", context)


@login_not_required
@never_cache
def healthz(request):
    """State of the database, the cache, the broker and the static files as JSON (503 if one is down).
    Anonymous monitors get each part's state; staff also get the technical details (engine, transport,
    error class, static URL)."""
    checks = {
        "database": _check_database(),
        "cache": _check_cache(),
        "broker": _check_broker(),
        "static": _check_static(),
    }
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


# Every page links this stylesheet through `{% static %}`.
HEALTHZ_STATIC_FILE = "css/gusp.css"


def _check_static() -> dict:
    """The pages can render their static assets: the stylesheet resolves through the configured static files
    storage (with a manifest, the manifest lists it: otherwise `{% static %}` raises and every page is a 500)
    and its file exists where it is served from. Catches an old manifest left by a previous release while
    the database, cache and broker are fine."""
    try:
        url = static(HEALTHZ_STATIC_FILE)
        if isinstance(staticfiles_storage, ManifestFilesMixin):
            exists = staticfiles_storage.exists(staticfiles_storage.stored_name(HEALTHZ_STATIC_FILE))
        else:  # served from STATIC_ROOT, or from the apps' folders (runserver, test live server)
            exists = staticfiles_storage.exists(HEALTHZ_STATIC_FILE) or bool(
                finders.find(HEALTHZ_STATIC_FILE)
            )
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "url": url} if exists else {"ok": False, "error": "FileNotFoundError", "url": url}
