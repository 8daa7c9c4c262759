"""The coordinator reads inhabitants' reports before they are routed. Their e-mail address is shown here,
and nowhere else."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gusp.core.pages import form_page

from .. import services
from ..forms import ModerationForm
from ..models import Finding, Report
from .common import coordinated_charter, paginate


def moderation_list(request, slug):
    charter = coordinated_charter(request, slug)
    waiting = (
        Finding.objects.coordinated_by(request.user)
        .filter(charter=charter)
        .awaiting_moderation()
        .select_related("category", "territory", "residence__landlord", "report")
        .order_by("created_at", "pk")
    )
    page, query = paginate(request, waiting)
    return render(
        request, "diagnostics/moderation_list.html", {"charter": charter, "page": page, "query": query}
    )


@require_http_methods(["GET", "POST"])
def moderate(request, pk):
    report = get_object_or_404(
        Report.objects.filter(
            finding__in=Finding.objects.coordinated_by(request.user).awaiting_moderation()
        ).select_related(
            "finding__charter", "finding__category", "finding__territory", "finding__residence__landlord"
        ),
        pk=pk,
    )
    finding = report.finding
    form = ModerationForm(request.POST or None, finding=finding)
    back = reverse("diagnostics:moderation_list", args=[finding.charter.slug])

    def save(f):
        data = f.cleaned_data
        if data["decision"] == "reject":
            services.reject_report(
                report=report,
                author=request.user,
                reject_reason=data["reject_reason"],
                duplicate_of=data["duplicate"],
                comment=data["comment"],
            )
        else:
            services.accept_report(
                report=report,
                author=request.user,
                category=data["category"],
                territory=data["territory"],
                place_kind=data["place_kind"],
                residence=data["residence"],
                place_note=data["place_note"],
                description=data["description"],
                is_public=data["is_public"],
                comment=data["comment"],
            )
        return finding

    return form_page(
        request,
        form,
        save,
        title=f"Modérer le signalement n°{finding.pk}",
        success_url=lambda saved: saved.get_absolute_url(),
        back_url=back,
        success_message="Le signalement est modéré.",
        template="diagnostics/moderate.html",
        context={"report": report, "finding": finding, "photos": finding.photos.filter(event__isnull=True)},
    )
