"""Pages of the syntheses: a charter's history (and the form to ask for one), a synthesis's page (its state
while it is made, then its file), the download, publishing, and the public list of published syntheses.

Every lookup goes through what the user may see (`Synthesis.objects.visible_to`, `downloadable_by`,
`Charter.objects.member_of`…): anything else is a 404. Files are served only here, never from MEDIA_URL,
with `Cache-Control: private, no-store`."""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from charter.models import Charter
from charter.perms import can_coordinate, is_member
from gusp.core.pages import form_page, post_action

from . import perms, services
from .filters import SynthesisFilter
from .forms import SynthesisRequestForm
from .models import Synthesis

PER_PAGE = 30


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_http_methods(["GET", "POST"])
def history(request, slug):
    """The charter's syntheses, newest first, with who asked and when; and the form to ask for one
    (every partner of the charter may)."""
    charter = get_object_or_404(Charter.objects.member_of(request.user), slug=slug)
    history_filter = SynthesisFilter(
        request.GET or None,
        queryset=Synthesis.objects.filter(charter=charter).with_related(),
        charter=charter,
    )
    page = Paginator(history_filter.qs, PER_PAGE).get_page(request.GET.get("page"))
    # Its own ids: the history filter below has fields of the same names.
    form = SynthesisRequestForm(request.POST or None, charter=charter, auto_id="id_ask_%s")

    def save(f):
        data = f.cleaned_data
        return services.request_synthesis(
            charter=charter,
            theme=data["theme"],
            territory=data["territory"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            requested_by=request.user,
        )

    return form_page(
        request,
        form,
        save,
        title=f"Synthèses — {charter.commune}",
        success_url=lambda synthesis: synthesis.get_absolute_url(),
        back_url=charter.get_absolute_url(),
        success_message="La synthèse est en préparation : cette page vous dit où elle en est.",
        template="syntheses/history.html",
        context={
            "charter": charter,
            "filter": history_filter,
            "page": page,
            "query": _query_without_page(request),
            "can_coordinate": can_coordinate(request.user, charter),
        },
    )


@login_not_required
def detail(request, pk):
    """A synthesis: while it is made, its state (polled, the page reloads once it is done); then its file,
    with who asked, when, the parameters and the checksum. The public sees published versions only."""
    synthesis = get_object_or_404(Synthesis.objects.visible_to(request.user).with_related(), pk=pk)
    member = is_member(request.user, synthesis.charter_id) if request.user.is_authenticated else False
    context = {
        "synthesis": synthesis,
        "charter": synthesis.charter,
        "is_member": member,
        "can_publish": perms.can_publish(request.user, synthesis) and synthesis.is_ready,
        "can_unpublish": perms.can_unpublish(request.user, synthesis),
        "can_relaunch": (
            perms.can_relaunch(request.user, synthesis)
            and synthesis.job is not None
            and synthesis.job.is_failed
            and not synthesis.is_ready
        ),
        "public_version": (
            Synthesis.objects.filter(source=synthesis).select_related("job").first()
            if member and not synthesis.is_public
            else None
        ),
    }
    return render(request, "syntheses/detail.html", context)


@login_not_required
def download(request, pk):
    """The PDF, to those who may read it: the charter's partners, and everybody for a published public
    version. Never kept by a shared cache."""
    synthesis = get_object_or_404(
        Synthesis.objects.downloadable_by(request.user).select_related("charter"), pk=pk
    )
    storage = synthesis.file.storage
    if not storage.exists(synthesis.file.name):
        raise Http404
    response = FileResponse(
        synthesis.file.open("rb"),
        as_attachment=True,
        filename=synthesis.download_name,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _coordinated(request, pk) -> Synthesis:
    return get_object_or_404(
        Synthesis.objects.filter(
            charter__in=Charter.objects.coordinated_by(request.user).values("pk")
        ).with_related(),
        pk=pk,
    )


@require_POST
def publish(request, pk):
    synthesis = _coordinated(request, pk)
    return post_action(
        request,
        lambda: services.publish(synthesis=synthesis, requested_by=request.user),
        success="La version publique est en préparation ; elle sera offerte à tous dès qu'elle sera prête.",
        target=synthesis.get_absolute_url(),
    )


@require_POST
def unpublish(request, pk):
    synthesis = _coordinated(request, pk)
    return post_action(
        request,
        lambda: services.unpublish(synthesis=synthesis),
        success="La version publique est retirée : le public ne la trouve plus.",
        target=synthesis.get_absolute_url(),
    )


@require_POST
def relaunch(request, pk):
    synthesis = get_object_or_404(Synthesis.objects.of_member_charters(request.user).with_related(), pk=pk)
    if not perms.can_relaunch(request.user, synthesis):
        raise Http404
    return post_action(
        request,
        lambda: services.relaunch(synthesis=synthesis),
        success="La préparation de la synthèse est relancée.",
        target=synthesis.get_absolute_url(),
    )


@login_not_required
def published_list(request, slug):
    """The syntheses the coordinator published, for everybody."""
    charter = get_object_or_404(Charter.objects.visible_to(request.user), slug=slug)
    syntheses = (
        Synthesis.objects.published().filter(charter=charter).select_related("charter", "theme", "territory")
    )
    page = Paginator(syntheses.order_by("-published_at", "-pk"), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "charter": charter,
        "page": page,
        "query": "",
        "is_member": is_member(request.user, charter.pk) if request.user.is_authenticated else False,
        "history_url": reverse("syntheses:history", args=[charter.slug]),
    }
    return render(request, "syntheses/published_list.html", context)
