from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods, require_POST

from charter.perms import can_coordinate, is_member
from gusp.core.pages import form_page, post_action

from .. import perms, services, states
from ..choices import FindingState, RejectReason
from ..filters import FindingFilter
from ..forms import ActionFromFindingForm, LinkActionForm, RerouteForm, TransitionForm
from ..models import Finding, FindingPhoto
from .common import member_charter, paginate


def _listed(request, charter):
    return Finding.objects.visible_to(request.user).filter(charter=charter).with_related().late_first()


def finding_list(request, slug):
    """Every finding of the charter the user sees, late first, filtered."""
    charter = member_charter(request, slug)
    finding_filter = FindingFilter(request.GET or None, queryset=_listed(request, charter), charter=charter)
    page, query = paginate(request, finding_filter.qs)
    context = {"charter": charter, "filter": finding_filter, "page": page, "query": query}
    return render(request, "diagnostics/finding_list.html", context)


def todo(request, slug):
    """What awaits the user: for a referent, their organisation's open findings, late first; for the
    coordinator, what only coordination does (reports to moderate, findings no rule routed or that an
    organisation sent back, treated ones to check) and every late one."""
    charter = member_charter(request, slug)
    user = request.user
    coordinator = can_coordinate(user, charter)
    mine = Finding.objects.treatable_by(user).filter(charter=charter)
    if coordinator:
        waiting = mine.filter(
            Q(state=FindingState.NEW, assigned_to__isnull=True)
            | Q(state=FindingState.REJECTED, reject_reason=RejectReason.NOT_OURS)
            | Q(state=FindingState.TREATED)
            | Q(pk__in=mine.late().values("pk"))
        )
    elif user.organisation_id:
        waiting = mine.filter(assigned_to_id=user.organisation_id).open()
    else:
        waiting = mine.none()
    page, query = paginate(request, waiting.with_related().late_first())
    context = {
        "charter": charter,
        "page": page,
        "query": query,
        "can_coordinate": coordinator,
        "moderation_count": mine.awaiting_moderation().count() if coordinator else 0,
    }
    return render(request, "diagnostics/todo.html", context)


@login_not_required
def finding_detail(request, pk):
    """A finding's page: for the charter's partners, its place, organisation, timeline and the changes the
    user may make; for everybody else, its published summary (no place inside a residence, no photo)."""
    user = request.user
    finding = get_object_or_404(
        Finding.objects.visible_to(user)
        .with_related()
        .with_lateness()
        .select_related("duplicate_of", "action__sheet"),
        pk=pk,
    )
    if not is_member(user, finding.charter_id):
        return render(request, "diagnostics/finding_public.html", {"finding": finding})
    roles = perms.roles(user, finding)
    events = finding.events.select_related(
        "author", "organisation", "from_organisation", "to_organisation", "walk"
    ).prefetch_related(Prefetch("photos", queryset=FindingPhoto.objects.order_by("pk")))
    context = {
        "finding": finding,
        "events": events,
        "photos": finding.photos.filter(event__isnull=True),
        "next_states": states.next_states(finding.state, roles=roles),
        "can_reroute": states.COORDINATOR in roles and finding.state in states.REROUTABLE,
        "can_coordinate": states.COORDINATOR in roles,
        "can_link": states.ASSIGNEE in roles and finding.state != FindingState.MODERATION,
        "duplicates": finding.duplicates.all(),
        "report": getattr(finding, "report", None) if states.COORDINATOR in roles else None,
    }
    return render(request, "diagnostics/finding_detail.html", context)


@require_http_methods(["GET", "POST"])
def finding_transition(request, pk):
    """Change a finding's state (acknowledge, start, treat, reject, check, reopen), with a comment and the
    photos after. Only the organisation in charge and the coordinator reach this page (404 otherwise)."""
    finding = get_object_or_404(Finding.objects.treatable_by(request.user).with_related(), pk=pk)
    allowed = states.next_states(finding.state, roles=perms.roles(request.user, finding))
    wanted = request.GET.get("etat")
    form = TransitionForm(
        request.POST or None,
        request.FILES or None,
        finding=finding,
        allowed=allowed,
        initial={"to_state": wanted} if wanted in allowed else None,
    )

    def save(f):
        data = f.cleaned_data
        return services.change_state(
            finding=finding,
            to_state=data["to_state"],
            author=request.user,
            comment=data["comment"],
            photos=data["photos"],
            reject_reason=data["reject_reason"] if data["to_state"] == FindingState.REJECTED else "",
            duplicate_of=data["duplicate"] if data["to_state"] == FindingState.REJECTED else None,
        )

    return form_page(
        request,
        form,
        save,
        title=f"Suivi du constat n°{finding.pk} — {finding.get_state_display()}",
        success_url=finding.get_absolute_url(),
        back_url=finding.get_absolute_url(),
        success_message="Le suivi du constat a été enregistré.",
        multipart=True,
        context={"finding": finding, "no_change": not allowed},
        template="diagnostics/transition_form.html",
    )


@require_http_methods(["GET", "POST"])
def finding_reroute(request, pk):
    finding = get_object_or_404(Finding.objects.coordinated_by(request.user).with_related(), pk=pk)
    form = RerouteForm(request.POST or None, finding=finding)

    def save(f):
        data = f.cleaned_data
        return services.reroute(
            finding=finding,
            organisation=data["organisation"],
            service=data["service"],
            reason=data["reason"],
            author=request.user,
        )

    return form_page(
        request,
        form,
        save,
        title=f"Réorienter le constat n°{finding.pk}",
        success_url=finding.get_absolute_url(),
        back_url=finding.get_absolute_url(),
        success_message="Le constat est réorienté ; l'organisation chargée est prévenue.",
    )


@require_POST
def finding_publish(request, pk):
    finding = get_object_or_404(Finding.objects.coordinated_by(request.user), pk=pk)
    publish = request.POST.get("publier") == "1"
    return post_action(
        request,
        lambda: services.set_public(finding=finding, is_public=publish, author=request.user),
        success="Le constat est publié." if publish else "Le constat n'est plus publié.",
        target=finding.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def finding_action_create(request, pk):
    """Make the finding an action of a project sheet (through the action plan's service)."""
    finding = get_object_or_404(Finding.objects.treatable_by(request.user).with_related(), pk=pk)
    coordinator = can_coordinate(request.user, finding.charter_id)
    form = ActionFromFindingForm(
        request.POST or None, finding=finding, user=request.user, coordinator=coordinator
    )

    def save(f):
        data = f.cleaned_data
        return services.create_action(
            finding=finding,
            author=request.user,
            sheet=data["sheet"],
            title=data["title"],
            lead=data["lead"] if coordinator else None,
            starts_on=data["starts_on"],
            due_on=data["due_on"],
        )

    return form_page(
        request,
        form,
        save,
        title=f"Faire du constat n°{finding.pk} une action du plan",
        success_url=lambda action: action.get_absolute_url(),
        back_url=finding.get_absolute_url(),
        success_message="L'action est créée et reliée au constat.",
    )


@require_http_methods(["GET", "POST"])
def finding_action_link(request, pk):
    finding = get_object_or_404(Finding.objects.treatable_by(request.user).with_related(), pk=pk)
    form = LinkActionForm(request.POST or None, finding=finding, user=request.user)
    return form_page(
        request,
        form,
        lambda f: services.link_action(finding=finding, action=f.cleaned_data["action"], author=request.user),
        title=f"Relier le constat n°{finding.pk} à une action du plan",
        success_url=finding.get_absolute_url(),
        back_url=finding.get_absolute_url(),
        success_message="Le constat est relié à l'action.",
    )


def photo(request, pk):
    """A photo, served only to the partners of the finding's charter (never published: faces, plates)."""
    item = get_object_or_404(
        FindingPhoto.objects.filter(finding__in=Finding.objects.visible_to(request.user)).select_related(
            "finding"
        ),
        pk=pk,
    )
    if not is_member(request.user, item.finding.charter_id):
        raise Http404
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("Cette photo n'est plus disponible.") from missing
    response = FileResponse(handle, content_type=item.content_type, filename=item.original_name)
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response
