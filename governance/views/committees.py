from django.contrib.auth.decorators import login_not_required
from django.db.models import F, prefetch_related_objects
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from charter.models import Charter
from charter.perms import can_coordinate, is_member
from gusp.core.pages import form_page

from .. import services
from ..duties import duty_years
from ..forms import CommitteeForm, DutyCompletionForm, MemberForm
from ..models import Committee, CommitteeDuty, CommitteeMember, Meeting
from ..perms import can_edit_committee, can_manage_meetings
from ..rhythm import committee_rhythm


def visible_committee(request, pk) -> Committee:
    return get_object_or_404(
        Committee.objects.reachable_by(request.user).select_related("charter", "theme", "parent"), pk=pk
    )


@login_not_required
def committee_list(request, slug):
    charter = get_object_or_404(
        Charter.objects.visible_to(request.user).prefetch_related("amendments"), slug=slug
    )
    committees = (
        charter.committees.filter(archived_at__isnull=True)
        .select_related("theme", "parent")
        .with_member_count()
        .for_rhythm()
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
        "can_edit": can_coordinate(request.user, charter),
    }
    return render(request, "governance/committee_list.html", context)


def committee_detail(request, pk):
    committee = visible_committee(request, pk)
    today = timezone.localdate()
    members = committee.members.select_related("organisation", "user")
    meetings = list(committee.meetings.filter(archived_at__isnull=True).order_by("-starts_at"))
    for meeting in meetings:
        meeting.committee = committee
    openable = set(
        Meeting.objects.visible_to(request.user).filter(committee=committee).values_list("pk", flat=True)
    )
    prefetch_related_objects([committee.charter], "amendments")  # the period, read by rhythm and duties
    duties = list(committee.duties.prefetch_related("completions"))
    for duty in duties:
        duty.committee = committee
    context = {
        "committee": committee,
        "duties": [(duty, duty_years(duty, today=today)) for duty in duties],
        "members": members.current(today),
        "former_members": members.former(today),
        "sub_groups": committee.sub_groups.filter(archived_at__isnull=True),
        "meetings": meetings,
        "openable": openable,
        "rhythm": committee_rhythm(committee, today=today),
        "can_edit": can_edit_committee(request.user, committee),
        "can_manage": can_manage_meetings(request.user, committee),
        "can_coordinate": can_coordinate(request.user, committee.charter_id),
        "committee_list_url": reverse("governance:committee_list", args=[committee.charter.slug]),
        # Who sits where is the charter partners' shared picture, not everyone's.
        "show_members": is_member(request.user, committee.charter_id),
    }
    return render(request, "governance/committee_detail.html", context)


def committee_rhythm_page(request, pk):
    committee = visible_committee(request, pk)
    meetings = list(committee.meetings.filter(archived_at__isnull=True).order_by("starts_at"))
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
        back = committee.get_absolute_url()
    else:
        charter = get_object_or_404(Charter.objects.coordinated_by(request.user), slug=slug)
        committee = None
        back = reverse("governance:committee_list", args=[charter.slug])
    form = CommitteeForm(request.POST or None, instance=committee, charter=charter)
    return form_page(
        request,
        form,
        lambda f: services.save_committee(committee=f.save(commit=False)),
        title=f"Modifier « {committee.name} »" if committee else "Nouvelle instance",
        success_url=lambda saved: saved.get_absolute_url(),
        back_url=back,
        success_message="L'instance a été enregistrée.",
    )


@require_http_methods(["GET", "POST"])
def member_edit(request, committee_pk, pk=None):
    committee = get_object_or_404(
        Committee.objects.editable_by(request.user).select_related("charter"), pk=committee_pk
    )
    member = get_object_or_404(CommitteeMember, committee=committee, pk=pk) if pk else None
    form = MemberForm(request.POST or None, instance=member, committee=committee)
    return form_page(
        request,
        form,
        lambda f: services.save_member(member=f.save(commit=False)),
        title=f"Modifier le siège de {member.organisation} — {committee.name}"
        if member
        else f"Nouveau membre — {committee.name}",
        success_url=committee.get_absolute_url(),
        back_url=committee.get_absolute_url(),
        success_message="Le membre a été enregistré.",
    )


@require_http_methods(["GET", "POST"])
def duty_complete(request, pk):
    """Record that a committee's yearly duty was done for one year (the committee's editors)."""
    duty = get_object_or_404(
        CommitteeDuty.objects.filter(
            committee__in=Committee.objects.editable_by(request.user)
        ).select_related("committee__charter"),
        pk=pk,
    )
    form = DutyCompletionForm(request.POST or None, duty=duty)
    back = duty.committee.get_absolute_url()
    return form_page(
        request,
        form,
        lambda f: services.record_duty_completion(completion=f.save(commit=False), author=request.user),
        title=f"{duty.title} — {duty.committee.name}",
        success_url=back,
        back_url=back,
        success_message="L'obligation est enregistrée comme faite pour cette année.",
    )
