from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from charter.perms import can_coordinate
from gusp.core.pages import form_page, post_action

from .. import perms, services
from ..choices import OPEN_STATES, CheckResult, FindingState
from ..forms import WalkCheckForm, WalkForm, WalkMemberForm
from ..models import Finding, WalkCheck, WalkingDiagnostic, WalkMember
from ..rhythm import sector_rhythm
from .common import member_charter, paginate

PREVIOUS_SHOWN = 200


def walk_list(request, slug):
    """A charter's field half: its walks, the rhythm of each sector, and the ways in (to-do, map, delays)."""
    charter = member_charter(request, slug)
    user = request.user
    walks = WalkingDiagnostic.objects.visible_to(user).filter(charter=charter)
    listed = (
        walks.with_related()
        .annotate(
            finding_count=Count("findings"),
            open_count=Count("findings", filter=Q(findings__state__in=OPEN_STATES)),
        )
        .order_by("-planned_on", "-pk")
    )
    page, query = paginate(request, listed)
    coordinator = can_coordinate(user, charter)
    context = {
        "charter": charter,
        "page": page,
        "query": query,
        "rhythm": sector_rhythm(walks),
        "can_plan": perms.can_plan_walk(user, charter),
        "can_coordinate": coordinator,
        "moderation_count": (
            Finding.objects.filter(charter=charter).awaiting_moderation().count() if coordinator else 0
        ),
    }
    return render(request, "diagnostics/walk_list.html", context)


@require_http_methods(["GET", "POST"])
def walk_create(request, slug):
    charter = member_charter(request, slug)
    if not perms.can_plan_walk(request.user, charter):
        raise PermissionDenied
    form = WalkForm(request.POST or None, charter=charter)
    return form_page(
        request,
        form,
        lambda f: services.save_walk(walk=f.save(commit=False), author=request.user),
        title="Planifier un diagnostic en marchant",
        success_url=lambda walk: walk.get_absolute_url(),
        back_url=_home(charter),
        success_message="Le diagnostic est planifié : composez son équipe.",
    )


@require_http_methods(["GET", "POST"])
def walk_edit(request, pk):
    walk = get_object_or_404(WalkingDiagnostic.objects.editable_by(request.user).with_related(), pk=pk)
    form = WalkForm(request.POST or None, instance=walk, charter=walk.charter)
    return form_page(
        request,
        form,
        lambda f: services.save_walk(walk=f.save(commit=False), author=request.user),
        title=f"Modifier — {walk}",
        success_url=lambda saved: saved.get_absolute_url(),
        back_url=walk.get_absolute_url(),
        success_message="Le diagnostic a été enregistré.",
    )


def walk_detail(request, pk):
    """The walk's page: before it, its plan and team; after it, its written synthesis — findings by
    category and place, who must act — printable; and the findings of the previous walks of the sector,
    which the team marks as fixed or still there."""
    user = request.user
    walk = get_object_or_404(WalkingDiagnostic.objects.visible_to(user).with_related(), pk=pk)
    findings = list(
        walk.findings.with_related()
        .with_lateness()
        .order_by(
            "category__order", "category__label", "territory__name", "residence__name", "entrance", "pk"
        )
    )
    who_acts: dict = {}
    for finding in findings:
        entry = who_acts.setdefault(
            finding.assigned_to_id,
            {"organisation": finding.assigned_to, "total": 0, "open": 0, "late": 0, "closed": 0},
        )
        entry["total"] += 1
        entry["open"] += finding.state in OPEN_STATES
        entry["late"] += finding.is_late
        entry["closed"] += finding.state == FindingState.CHECKED
    checks = list(
        WalkCheck.objects.filter(walk=walk).select_related("finding__category", "author").order_by("at", "pk")
    )
    checked = {c.finding_id for c in checks}
    previous = [f for f in services.previous_open(walk)[:PREVIOUS_SHOWN] if f.pk not in checked]
    can_record = perms.can_record(user, walk)
    context = {
        "walk": walk,
        "members": walk.members.select_related("organisation", "user"),
        "findings": findings,
        "who_acts": sorted(who_acts.values(), key=lambda e: str(e["organisation"] or "")),
        "previous": previous,
        "previous_truncated": len(previous) + len(checked) >= PREVIOUS_SHOWN,
        "checks": checks,
        "can_record": can_record,
        "can_check": can_record and walk.planned_on <= timezone.localdate(),
        "can_edit": perms.can_edit_walk(user, walk),
        "is_past": walk.planned_on <= timezone.localdate(),
    }
    return render(request, "diagnostics/walk_detail.html", context)


@require_http_methods(["GET", "POST"])
def member_add(request, pk):
    walk = get_object_or_404(WalkingDiagnostic.objects.editable_by(request.user).with_related(), pk=pk)
    form = WalkMemberForm(request.POST or None, walk=walk)

    def save(f):
        data = f.cleaned_data
        return services.add_member(
            walk=walk,
            organisation=data["organisation"],
            user=data["user"],
            full_name=data["full_name"],
            capacity=data["capacity"],
        )

    return form_page(
        request,
        form,
        save,
        title=f"Ajouter à l'équipe — {walk}",
        success_url=walk.get_absolute_url(),
        back_url=walk.get_absolute_url(),
        success_message="La personne a rejoint l'équipe.",
    )


@require_POST
def member_remove(request, pk):
    member = get_object_or_404(
        WalkMember.objects.filter(
            walk__in=WalkingDiagnostic.objects.editable_by(request.user)
        ).select_related("walk"),
        pk=pk,
    )
    return post_action(
        request,
        lambda: services.remove_member(member=member),
        success="La personne a quitté l'équipe.",
        target=member.walk.get_absolute_url(),
    )


@require_POST
def walk_check(request, pk, finding):
    """At the walk, a finding of a previous walk of the sector: seen fixed, or still there."""
    walk = get_object_or_404(WalkingDiagnostic.objects.recordable_by(request.user).with_related(), pk=pk)
    target = get_object_or_404(
        Finding.objects.visible_to(request.user).filter(charter=walk.charter_id), pk=finding
    )
    form = WalkCheckForm(request.POST)
    url = walk.get_absolute_url() + "#suivi"
    if not form.is_valid():
        return post_action(request, lambda: _refuse(form), success="", target=url)
    return post_action(
        request,
        lambda: services.check_at_walk(
            walk=walk,
            finding=target,
            result=form.cleaned_data["result"],
            author=request.user,
            comment=form.cleaned_data["comment"],
        ),
        success=f"Constat n°{target.pk} : {CheckResult(form.cleaned_data['result']).label.lower()}.",
        target=url,
    )


def _refuse(form):
    raise ValidationError([e for errors in form.errors.values() for e in errors])


def _home(charter) -> str:
    return reverse("diagnostics:home", args=[charter.slug])
