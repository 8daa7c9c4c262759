from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Prefetch, Q
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from actions.models import Action, ProjectSheet
from charter.models import Charter
from charter.perms import is_member
from charter.shortcuts import form_page

from . import ical, services
from .forms import (
    AgendaItemForm,
    AttendanceForm,
    CommitteeForm,
    DecisionForm,
    MeetingForm,
    MemberForm,
    MinutesForm,
    PlanYearForm,
)
from .models import (
    AgendaItem,
    CalendarFeed,
    Committee,
    CommitteeMember,
    Decision,
    Meeting,
    Minutes,
)
from .perms import can_edit_committee, can_edit_meeting, can_manage_meetings, can_read_minutes
from .rhythm import committee_rhythm

# The fields a rhythm needs, for lists that compute it for many committees at once.
RHYTHM_MEETINGS = Meeting.objects.only("id", "committee_id", "starts_at", "status")


def _act(request, action, *, success: str, target: str):
    """Run a service for a POST-only action: a broken rule is shown, nothing is written."""
    try:
        with transaction.atomic():
            action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(target)


def _visible_charter(request, slug) -> Charter:
    return get_object_or_404(
        Charter.objects.visible_to(request.user).prefetch_related("amendments"), slug=slug
    )


# Committees --------------------------------------------------------------------------------------


@login_not_required
def committee_list(request, slug):
    charter = _visible_charter(request, slug)
    committees = (
        charter.committees.select_related("theme", "parent")
        .annotate(
            member_count=Count(
                "members",
                filter=Q(members__left_on__isnull=True) | Q(members__left_on__gt=timezone.localdate()),
            )
        )
        .prefetch_related(Prefetch("meetings", queryset=RHYTHM_MEETINGS))
        .order_by("kind", "theme__code", F("parent_id").asc(nulls_first=True), "name")
    )
    rows = []
    for committee in committees:
        committee.charter = charter
        rows.append((committee, committee_rhythm(committee)))
    context = {
        "charter": charter,
        "rows": rows,
        "is_member": is_member(request.user, charter.pk),
        "can_edit": Charter.objects.coordinated_by(request.user).filter(pk=charter.pk).exists(),
    }
    return render(request, "governance/committee_list.html", context)


def _visible_committee(request, pk) -> Committee:
    return get_object_or_404(
        Committee.objects.visible_to(request.user).select_related("charter", "theme", "parent"), pk=pk
    )


def committee_detail(request, pk):
    committee = _visible_committee(request, pk)
    today = timezone.localdate()
    members = committee.members.select_related("organisation", "user")
    meetings = list(committee.meetings.order_by("-starts_at"))
    for meeting in meetings:
        meeting.committee = committee
    openable = set(
        Meeting.objects.visible_to(request.user).filter(committee=committee).values_list("pk", flat=True)
    )
    context = {
        "committee": committee,
        "members": members.exclude(left_on__lte=today),
        "former_members": members.former(today),
        "sub_groups": committee.sub_groups.all(),
        "meetings": meetings,
        "openable": openable,
        "rhythm": committee_rhythm(committee, today=today),
        "can_edit": can_edit_committee(request.user, committee),
        "can_manage": can_manage_meetings(request.user, committee),
        # Who sits where is the charter partners' shared picture, not everyone's.
        "show_members": is_member(request.user, committee.charter_id),
    }
    return render(request, "governance/committee_detail.html", context)


def committee_rhythm_page(request, pk):
    committee = _visible_committee(request, pk)
    meetings = list(committee.meetings.order_by("starts_at"))
    for meeting in meetings:
        meeting.committee = committee
    context = {
        "committee": committee,
        "rhythm": committee_rhythm(committee),
        "meetings": meetings,
        "can_manage": can_manage_meetings(request.user, committee),
    }
    return render(request, "governance/committee_rhythm.html", context)


@require_http_methods(["GET", "POST"])
def committee_edit(request, slug=None, pk=None):
    if pk:
        committee = get_object_or_404(
            Committee.objects.editable_by(request.user).select_related("charter"), pk=pk
        )
        charter = committee.charter
    else:
        charter = get_object_or_404(Charter.objects.coordinated_by(request.user), slug=slug)
        committee = None
    form = CommitteeForm(request.POST or None, instance=committee, charter=charter)
    return form_page(
        request,
        form,
        lambda f: services.save_committee(committee=f.save(commit=False)),
        title=f"Modifier « {committee.name} »" if committee else "Nouvelle instance",
        back_url=committee.get_absolute_url()
        if committee
        else reverse("governance:committee_list", args=[charter.slug]),
        success_message="L'instance a été enregistrée.",
    )


@require_http_methods(["GET", "POST"])
def member_edit(request, committee_pk, pk=None):
    committee = get_object_or_404(
        Committee.objects.editable_by(request.user).select_related("charter"), pk=committee_pk
    )
    member = get_object_or_404(CommitteeMember, committee=committee, pk=pk) if pk else None
    form = MemberForm(request.POST or None, instance=member, committee=committee)

    def save(f):
        services.save_member(member=f.save(commit=False))
        return committee

    return form_page(
        request,
        form,
        save,
        title=f"Membre — {committee.name}",
        back_url=committee.get_absolute_url(),
        success_message="Le membre a été enregistré.",
    )


# Meetings ----------------------------------------------------------------------------------------


def _managed_committee(request, pk) -> Committee:
    return get_object_or_404(Committee.objects.managed_by(request.user).select_related("charter"), pk=pk)


def _editable_meeting(request, pk) -> Meeting:
    return get_object_or_404(Meeting.objects.editable_by(request.user).with_related(), pk=pk)


@require_http_methods(["GET", "POST"])
def meeting_create(request, pk):
    committee = _managed_committee(request, pk)
    form = MeetingForm(request.POST or None, committee=committee)
    return form_page(
        request,
        form,
        lambda f: services.create_meeting(committee=committee, **f.cleaned_data),
        title=f"Planifier une réunion — {committee.name}",
        back_url=committee.get_absolute_url(),
        success_message="La réunion a été planifiée.",
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = _editable_meeting(request, pk)
    form = MeetingForm(request.POST or None, instance=meeting, committee=meeting.committee)
    return form_page(
        request,
        form,
        lambda f: services.update_meeting(meeting=meeting, **f.cleaned_data),
        title=f"Modifier la réunion du {meeting.local_date:%d/%m/%Y}",
        back_url=meeting.get_absolute_url(),
        success_message="La réunion a été enregistrée ; les membres invités reçoivent la mise à jour.",
    )


@require_http_methods(["GET", "POST"])
def plan_year(request, pk):
    """Plan a year of meetings from a recurrence rule; "Prévisualiser" shows the dates, writes nothing."""
    committee = _managed_committee(request, pk)
    form = PlanYearForm(request.POST or None, committee=committee)
    if request.method == "POST" and form.is_valid() and "create" in request.POST:
        data = form.cleaned_data
        try:
            meetings = services.plan_year(
                committee=committee,
                dates=form.plan.dates,
                start_time=data["start_time"],
                end_time=data["end_time"],
                place=data["place"],
                subject=data["subject"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"{len(meetings)} réunion(s) planifiée(s).")
            return redirect(committee.get_absolute_url())
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "governance/plan_year.html", {"committee": committee, "form": form}, status=status)


@login_not_required
def meeting_detail(request, pk):
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user).with_related(), pk=pk)
    user = request.user
    items = list(meeting.agenda_items.select_related("sheet", "action"))
    context = {
        "meeting": meeting,
        "items": items,
        "visible_sheets": set(
            ProjectSheet.objects.visible_to(user)
            .filter(pk__in=[i.sheet_id for i in items if i.sheet_id])
            .values_list("pk", flat=True)
        ),
        "can_edit": can_edit_meeting(user, meeting),
        "minutes_visible": can_read_minutes(user, meeting),
        "minutes": Minutes.objects.filter(meeting=meeting).first(),
    }
    if context["minutes_visible"]:
        context["attendances"] = meeting.attendances.select_related("member__organisation")
        decisions = list(
            meeting.decisions.select_related("amendment").prefetch_related("sheets", "actions__sheet")
        )
        context["decisions"] = decisions
        sheet_ids = {s.pk for d in decisions for s in d.sheets.all()}
        context["visible_sheets"] |= set(
            ProjectSheet.objects.visible_to(user).filter(pk__in=sheet_ids).values_list("pk", flat=True)
        )
    # Titles of actions are shown only to those who may see the actions themselves.
    action_ids = {i.action_id for i in items if i.action_id} | {
        a.pk for d in context.get("decisions", []) for a in d.actions.all()
    }
    context["visible_actions"] = set(
        Action.objects.visible_to(user).filter(pk__in=action_ids).values_list("pk", flat=True)
    )
    if context["can_edit"]:
        members = meeting.committee.members.current().select_related("user", "organisation")
        invited = set(
            meeting.invitations.filter(sequence=meeting.sequence).values_list("member_id", flat=True)
        )
        context["invited_count"] = len(invited)
        context["without_email"] = [m for m in members if not m.contact_email]
        context["uninvited_count"] = sum(1 for m in members if m.contact_email and m.pk not in invited)
        context["can_mark_held"] = (
            not meeting.is_cancelled and not meeting.is_held and meeting.starts_at <= timezone.now()
        )
    return render(request, "governance/meeting_detail.html", context)


@login_not_required
def meeting_ics(request, pk):
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user).with_related(), pk=pk)
    return _calendar_response(ical.feed_ics([meeting], name=meeting.title), f"reunion-{meeting.pk}.ics")


@require_http_methods(["GET", "POST"])
def meeting_cancel(request, pk):
    meeting = _editable_meeting(request, pk)
    if request.method == "POST":
        return _act(
            request,
            lambda: services.cancel_meeting(meeting=meeting),
            success="La réunion est annulée ; les membres invités reçoivent l'annulation.",
            target=meeting.get_absolute_url(),
        )
    return render(request, "governance/meeting_cancel.html", {"meeting": meeting})


@require_POST
def meeting_held(request, pk):
    meeting = _editable_meeting(request, pk)
    return _act(
        request,
        lambda: services.mark_held(meeting=meeting),
        success="La réunion est déclarée tenue.",
        target=meeting.get_absolute_url(),
    )


@require_POST
def meeting_invite(request, pk):
    meeting = _editable_meeting(request, pk)
    return _act(
        request,
        lambda: services.send_invitations(meeting=meeting),
        success="Les invitations partent en arrière-plan vers les membres qui ne les ont pas encore reçues.",
        target=meeting.get_absolute_url(),
    )


# Agenda, attendance, minutes, decisions -----------------------------------------------------------


@require_http_methods(["GET", "POST"])
def agenda_item_edit(request, meeting_pk=None, pk=None):
    if pk:
        item = get_object_or_404(
            AgendaItem.objects.filter(meeting__in=Meeting.objects.editable_by(request.user)).select_related(
                "meeting__committee__charter"
            ),
            pk=pk,
        )
        meeting = item.meeting
    else:
        meeting, item = _editable_meeting(request, meeting_pk), None
    form = AgendaItemForm(request.POST or None, instance=item, meeting=meeting)

    def save(f):
        services.save_agenda_item(item=f.save(commit=False))
        return meeting

    return form_page(
        request,
        form,
        save,
        title=f"Ordre du jour — réunion du {meeting.local_date:%d/%m/%Y}",
        back_url=meeting.get_absolute_url(),
        success_message="Le point de l'ordre du jour a été enregistré.",
    )


@require_POST
def agenda_item_delete(request, pk):
    item = get_object_or_404(
        AgendaItem.objects.filter(meeting__in=Meeting.objects.editable_by(request.user)).select_related(
            "meeting"
        ),
        pk=pk,
    )
    return _act(
        request,
        lambda: services.delete_agenda_item(item=item),
        success="Le point a été retiré de l'ordre du jour.",
        target=item.meeting.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def attendance(request, pk):
    meeting = _editable_meeting(request, pk)
    members = meeting.committee.members.current(meeting.local_date).select_related("organisation")
    recorded = {a.member_id: a.status for a in meeting.attendances.all()}
    members = list(members) + list(
        meeting.committee.members.filter(pk__in=recorded)
        .exclude(pk__in=[m.pk for m in members])
        .select_related("organisation")
    )
    form = AttendanceForm(request.POST or None, members=members, current=recorded)

    def save(f):
        services.record_attendance(meeting=meeting, statuses=f.statuses())
        return meeting

    return form_page(
        request,
        form,
        save,
        title=f"Présences et excuses — réunion du {meeting.local_date:%d/%m/%Y}",
        back_url=meeting.get_absolute_url(),
        success_message="La liste de présence a été enregistrée.",
    )


@require_http_methods(["GET", "POST"])
def minutes_edit(request, pk):
    meeting = _editable_meeting(request, pk)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    form = MinutesForm(request.POST or None, initial={"text": minutes.text if minutes else ""})

    def save(f):
        services.save_minutes(meeting=meeting, text=f.cleaned_data["text"])
        return meeting

    return form_page(
        request,
        form,
        save,
        title=f"Compte rendu — réunion du {meeting.local_date:%d/%m/%Y}",
        back_url=meeting.get_absolute_url(),
        success_message="Le compte rendu a été enregistré ; son PDF se prépare en arrière-plan.",
    )


@require_POST
def minutes_publish(request, pk):
    meeting = _editable_meeting(request, pk)
    publish = request.POST.get("publish") == "1"
    return _act(
        request,
        lambda: services.publish_minutes(meeting=meeting, publish=publish),
        success="Le compte rendu est publié." if publish else "Le compte rendu n'est plus publié.",
        target=meeting.get_absolute_url(),
    )


def _readable_minutes(request, pk) -> Minutes:
    meeting = get_object_or_404(Meeting.objects.minutes_readable_by(request.user), pk=pk)
    return get_object_or_404(Minutes.objects.select_related("meeting"), meeting=meeting)


@login_not_required
def minutes_pdf(request, pk):
    """The PDF of the minutes, served only to those who may read them (never from a public URL)."""
    minutes = _readable_minutes(request, pk)
    if not minutes.pdf_ready:
        messages.info(request, "Le PDF du compte rendu est en préparation : réessayez dans un instant.")
        return redirect(minutes.meeting.get_absolute_url())
    return FileResponse(
        minutes.pdf.open("rb"),
        as_attachment=True,
        filename=f"compte-rendu-{minutes.meeting.local_date:%Y-%m-%d}.pdf",
        content_type="application/pdf",
    )


@require_POST
def minutes_pdf_request(request, pk):
    minutes = _readable_minutes(request, pk)
    services.request_minutes_pdf(minutes=minutes)
    messages.info(request, "Le PDF du compte rendu est en préparation : réessayez dans un instant.")
    return redirect(minutes.meeting.get_absolute_url())


@require_http_methods(["GET", "POST"])
def decision_edit(request, meeting_pk=None, pk=None):
    if pk:
        decision = get_object_or_404(
            Decision.objects.filter(meeting__in=Meeting.objects.editable_by(request.user)).select_related(
                "meeting__committee__charter"
            ),
            pk=pk,
        )
        meeting = decision.meeting
    else:
        meeting, decision = _editable_meeting(request, meeting_pk), None
    form = DecisionForm(request.POST or None, instance=decision, meeting=meeting)

    def save(f):
        services.save_decision(
            decision=f.save(commit=False), sheets=f.cleaned_data["sheets"], actions=f.cleaned_data["actions"]
        )
        return meeting

    return form_page(
        request,
        form,
        save,
        title=f"Décision — réunion du {meeting.local_date:%d/%m/%Y}",
        back_url=meeting.get_absolute_url(),
        success_message="La décision a été enregistrée.",
    )


# Calendars ---------------------------------------------------------------------------------------


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _feed_meetings(queryset):
    return queryset.with_related().prefetch_related("agenda_items").order_by("starts_at")


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
    return _act(
        request,
        lambda: services.regenerate_feed(user=request.user),
        success="Votre agenda a une nouvelle adresse secrète ; l'ancienne ne fonctionne plus."
        if replaced
        else "Votre agenda a maintenant une adresse secrète.",
        target=reverse("governance:my_calendar"),
    )


@require_POST
def feed_revoke(request):
    return _act(
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
    return _calendar_response(ical.feed_ics(meetings, name="Mes réunions GUSP"), "reunions-gusp.ics")


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
    return _calendar_response(
        ical.feed_ics(meetings, name=f"Réunions publiques GUSP — {charter.commune}"),
        f"reunions-publiques-{charter.slug}.ics",
    )
