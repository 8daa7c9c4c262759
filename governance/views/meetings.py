from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from actions.models import Action, ProjectSheet
from charter.perms import can_coordinate
from gusp.core import idempotency
from gusp.core.pages import ALREADY_SENT, form_page, post_action

from .. import ical, services
from ..forms import MeetingForm, PlanYearForm
from ..models import Committee, Meeting, Minutes
from ..perms import can_edit_meeting, can_read_minutes
from .calendars import calendar_response


def managed_committee(request, pk) -> Committee:
    return get_object_or_404(Committee.objects.managed_by(request.user).select_related("charter"), pk=pk)


def editable_meeting(request, pk) -> Meeting:
    return get_object_or_404(Meeting.objects.editable_by(request.user).with_related(), pk=pk)


@require_http_methods(["GET", "POST"])
def meeting_create(request, pk):
    committee = managed_committee(request, pk)
    form = MeetingForm(request.POST or None, committee=committee)
    return form_page(
        request,
        form,
        lambda f: services.create_meeting(committee=committee, **f.values),
        title=f"Planifier une réunion — {committee.name}",
        success_url=lambda saved: saved.get_absolute_url(),
        back_url=committee.get_absolute_url(),
        success_message="La réunion a été planifiée.",
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = editable_meeting(request, pk)
    form = MeetingForm(request.POST or None, instance=meeting, committee=meeting.committee)
    return form_page(
        request,
        form,
        lambda f: services.update_meeting(meeting=meeting, requested_by=request.user, **f.values),
        title=f"Modifier la réunion du {meeting.local_date:%d/%m/%Y}",
        success_url=meeting.get_absolute_url(),
        back_url=meeting.get_absolute_url(),
        success_message="La réunion a été enregistrée ; les membres invités recevront la mise à jour.",
    )


@require_http_methods(["GET", "POST"])
def plan_year(request, pk):
    """Plan a year of meetings from a recurrence rule; "Prévisualiser" shows the dates, writes nothing."""
    committee = managed_committee(request, pk)
    form = PlanYearForm(request.POST or None, committee=committee)
    if request.method == "POST" and "create" in request.POST:
        earlier = idempotency.already_submitted(request)
        if earlier is not None:  # the same year posted twice: planned once
            messages.info(request, ALREADY_SENT)
            return redirect(earlier.result_url)
    if request.method == "POST" and form.is_valid() and "create" in request.POST:
        data = form.cleaned_data
        try:
            with transaction.atomic():
                submitted = idempotency.spend(request)
                meetings = services.plan_year(
                    committee=committee,
                    dates=form.plan.dates,
                    start_time=data["start_time"],
                    end_time=data["end_time"],
                    place=data["place"],
                    subject=data["subject"],
                )
                idempotency.remember(submitted, committee.get_absolute_url())
        except idempotency.DuplicateSubmission:
            messages.info(request, ALREADY_SENT)
            return redirect(committee.get_absolute_url())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"{len(meetings)} réunion(s) planifiée(s).")
            return redirect(committee.get_absolute_url())
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "governance/plan_year.html", {"committee": committee, "form": form}, status=status)


@login_not_required
def meeting_detail(request, pk):
    meeting = get_object_or_404(Meeting.objects.reachable_by(request.user).with_related(), pk=pk)
    user = request.user
    items = list(meeting.agenda_items.select_related("sheet", "action"))
    minutes = Minutes.objects.filter(meeting=meeting).first()
    context = {
        "meeting": meeting,
        "items": items,
        "visible_sheets": set(
            ProjectSheet.objects.reachable_by(user)
            .filter(pk__in=[i.sheet_id for i in items if i.sheet_id])
            .values_list("pk", flat=True)
        ),
        "can_edit": can_edit_meeting(user, meeting),
        "can_coordinate": can_coordinate(user, meeting.committee.charter_id),
        "minutes_visible": can_read_minutes(user, meeting),
        "minutes": minutes,
        "pdf_job": services.minutes_pdf_job(minutes) if minutes else None,
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
        context["can_mark_held"] = meeting.refusal_to_mark_held(timezone.now()) is None
        context["invitations_job"] = services.invitations_job(meeting)
    return render(request, "governance/meeting_detail.html", context)


@login_not_required
def meeting_ics(request, pk):
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user).with_related(), pk=pk)
    return calendar_response(ical.feed_ics([meeting], name=meeting.title), f"reunion-{meeting.pk}.ics")


@require_http_methods(["GET", "POST"])
def meeting_cancel(request, pk):
    meeting = editable_meeting(request, pk)
    if request.method == "POST":
        return post_action(
            request,
            lambda: services.cancel_meeting(meeting=meeting, requested_by=request.user),
            success="La réunion est annulée ; les membres invités recevront l'annulation.",
            target=meeting.get_absolute_url(),
        )
    return render(request, "governance/meeting_cancel.html", {"meeting": meeting})


@require_POST
def meeting_held(request, pk):
    meeting = editable_meeting(request, pk)
    return post_action(
        request,
        lambda: services.mark_held(meeting=meeting),
        success="La réunion est déclarée tenue.",
        target=meeting.get_absolute_url(),
    )


@require_POST
def meeting_invite(request, pk):
    meeting = editable_meeting(request, pk)
    return post_action(
        request,
        lambda: services.send_invitations(meeting=meeting, requested_by=request.user),
        success="C'est enregistré : les courriels partent en arrière-plan vers les membres qui ne les ont pas "
        "encore reçus.",
        target=meeting.get_absolute_url(),
    )
