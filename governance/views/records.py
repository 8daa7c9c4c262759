from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import Truncator
from django.views.decorators.http import require_http_methods, require_POST

from gusp.core.pages import form_page, post_action

from .. import services
from ..forms import AgendaItemForm, AttendanceForm, DecisionForm, MinutesForm
from ..models import AgendaItem, Decision, Meeting, Minutes
from .meetings import editable_meeting


@require_http_methods(["GET", "POST"])
def agenda_item_edit(request, meeting_pk=None, pk=None):
    if pk:
        item = get_object_or_404(
            AgendaItem.objects.editable_by(request.user).select_related("meeting__committee__charter"), pk=pk
        )
        meeting = item.meeting
    else:
        meeting, item = editable_meeting(request, meeting_pk), None
    form = AgendaItemForm(request.POST or None, instance=item, meeting=meeting)
    return form_page(
        request,
        form,
        lambda f: services.save_agenda_item(item=f.save(commit=False)),
        title=f"Modifier le point « {item.title} » — réunion du {meeting.local_date:%d/%m/%Y}"
        if item
        else f"Nouveau point de l'ordre du jour — réunion du {meeting.local_date:%d/%m/%Y}",
        success_url=meeting.get_absolute_url(),
        back_url=meeting.get_absolute_url(),
        success_message="Le point de l'ordre du jour a été enregistré.",
    )


@require_http_methods(["GET", "POST"])
def agenda_item_delete(request, pk):
    """GET asks to confirm (a « Retirer » tapped by mistake on a phone removes nothing); POST removes."""
    item = get_object_or_404(
        AgendaItem.objects.editable_by(request.user).select_related("meeting__committee__charter"), pk=pk
    )
    if request.method == "GET":
        return render(request, "governance/agenda_item_delete.html", {"item": item, "meeting": item.meeting})
    return post_action(
        request,
        lambda: services.delete_agenda_item(item=item),
        success="Le point a été retiré de l'ordre du jour.",
        target=item.meeting.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def attendance(request, pk):
    meeting = editable_meeting(request, pk)
    members = meeting.committee.members.current(meeting.local_date).select_related("organisation")
    recorded = {a.member_id: a.status for a in meeting.attendances.all()}
    members = list(members) + list(
        meeting.committee.members.filter(pk__in=recorded)
        .exclude(pk__in=[m.pk for m in members])
        .select_related("organisation")
    )
    form = AttendanceForm(request.POST or None, members=members, current=recorded)
    return form_page(
        request,
        form,
        lambda f: services.record_attendance(meeting=meeting, statuses=f.statuses()),
        title=f"Présences et excuses — réunion du {meeting.local_date:%d/%m/%Y}",
        success_url=meeting.get_absolute_url(),
        back_url=meeting.get_absolute_url(),
        success_message="La liste de présence a été enregistrée.",
    )


@require_http_methods(["GET", "POST"])
def minutes_edit(request, pk):
    meeting = editable_meeting(request, pk)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    form = MinutesForm(
        request.POST or None, initial={"text": minutes.text if minutes else ""}, versioned=minutes
    )
    return form_page(
        request,
        form,
        lambda f: services.save_minutes(
            meeting=meeting, text=f.cleaned_data["text"], requested_by=request.user
        ),
        title=f"Compte rendu — réunion du {meeting.local_date:%d/%m/%Y}",
        success_url=meeting.get_absolute_url(),
        back_url=meeting.get_absolute_url(),
        success_message="Le compte rendu est enregistré ; son PDF se prépare en arrière-plan.",
    )


@require_POST
def minutes_publish(request, pk):
    meeting = editable_meeting(request, pk)
    publish = request.POST.get("publish") == "1"
    return post_action(
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
        messages.info(
            request, "Le PDF du compte rendu est en préparation : la page vous dira quand il est prêt."
        )
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
    return post_action(
        request,
        lambda: services.request_minutes_pdf(minutes=minutes, requested_by=request.user),
        success="Le PDF du compte rendu est en préparation : la page vous dira quand il est prêt.",
        target=minutes.meeting.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def decision_edit(request, meeting_pk=None, pk=None):
    if pk:
        decision = get_object_or_404(
            Decision.objects.editable_by(request.user).select_related("meeting__committee__charter"), pk=pk
        )
        meeting = decision.meeting
    else:
        meeting, decision = editable_meeting(request, meeting_pk), None
    form = DecisionForm(request.POST or None, instance=decision, meeting=meeting)
    return form_page(
        request,
        form,
        lambda f: services.save_decision(
            decision=f.save(commit=False), sheets=f.cleaned_data["sheets"], actions=f.cleaned_data["actions"]
        ),
        title=f"Modifier la décision « {Truncator(decision.text).chars(50)} » — réunion du {meeting.local_date:%d/%m/%Y}"
        if decision
        else f"Nouvelle décision — réunion du {meeting.local_date:%d/%m/%Y}",
        success_url=meeting.get_absolute_url(),
        back_url=meeting.get_absolute_url(),
        success_message="La décision a été enregistrée.",
    )
