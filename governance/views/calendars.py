import datetime as dt

from django.contrib.auth.decorators import login_not_required
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from charter.models import Charter
from gusp.core.pages import post_action

from .. import ical, services
from ..models import CalendarFeed, Meeting


def calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# A calendar feed carries the meetings of a bounded window, whatever the committees' history: what a
# calendar application shows (the past year and the next two), at a constant size.
FEED_PAST = dt.timedelta(days=365)
FEED_FUTURE = dt.timedelta(days=2 * 366)


def _feed_meetings(queryset):
    now = timezone.now()
    return (
        queryset.filter(starts_at__gte=now - FEED_PAST, starts_at__lte=now + FEED_FUTURE)
        .with_related()
        .prefetch_related("agenda_items")
        .order_by("starts_at")
    )


def my_calendar(request):
    feed = CalendarFeed.objects.active().filter(user=request.user).first()
    meetings = (
        Meeting.objects.of_user_committees(request.user)
        .upcoming()
        .counted()
        .with_related()
        .order_by("starts_at")
    )
    context = {
        "feed_url": request.build_absolute_uri(feed.get_absolute_url()) if feed else "",
        "meetings": meetings,
    }
    return render(request, "governance/my_calendar.html", context)


@require_POST
def feed_regenerate(request):
    replaced = CalendarFeed.objects.active().filter(user=request.user).exists()
    return post_action(
        request,
        lambda: services.regenerate_feed(user=request.user),
        success="Votre agenda a une nouvelle adresse secrète ; l'ancienne ne fonctionne plus."
        if replaced
        else "Votre agenda a maintenant une adresse secrète.",
        target=reverse("governance:my_calendar"),
    )


@require_POST
def feed_revoke(request):
    return post_action(
        request,
        lambda: services.revoke_feed(user=request.user),
        success="L'adresse secrète de votre agenda est révoquée.",
        target=reverse("governance:my_calendar"),
    )


@login_not_required
def private_feed(request, token):
    """The private calendar of one user, at a secret address (no login: calendar clients cannot log in).
    A revoked or unknown token is a 404."""
    feed = get_object_or_404(CalendarFeed.objects.active().select_related("user"), token=token)
    meetings = _feed_meetings(Meeting.objects.of_user_committees(feed.user))
    return calendar_response(ical.feed_ics(meetings, name="Mes réunions GUSP"), "reunions-gusp.ics")


@login_not_required
def public_meetings(request, slug):
    charter = get_object_or_404(Charter.objects.visible_to(request.user), slug=slug)
    meetings = (
        Meeting.objects.public()
        .filter(committee__charter=charter)
        .with_related()
        .annotate(minutes_published_at=F("minutes__published_at"))
        .order_by("-starts_at")
    )
    return render(request, "governance/public_meetings.html", {"charter": charter, "meetings": meetings})


@login_not_required
def public_feed(request, slug):
    charter = get_object_or_404(Charter.objects.published(), slug=slug)
    meetings = _feed_meetings(Meeting.objects.public().filter(committee__charter=charter))
    return calendar_response(
        ical.feed_ics(meetings, name=f"Réunions publiques GUSP — {charter.commune}"),
        f"reunions-publiques-{charter.slug}.ics",
    )
