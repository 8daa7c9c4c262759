from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from charter.models import Charter
from gusp.core.pages import post_action

from .. import services
from ..exports import csv_response, xlsx_response
from ..filters import TableFilter
from ..models import FundingCommitment
from ..periods import charter_years, default_year
from ..perms import can_add_commitment, can_manage, can_read_funding, published_years
from ..tables import summary_table
from .common import query_without, refused


@login_not_required
def table(request, slug):
    """The yearly summary table of a charter: every partner reads each year's; the public the years the
    coordinator published, and nothing else. `?export=csv` or `?export=xlsx` downloads the same rows."""
    charter = get_object_or_404(
        Charter.objects.visible_to(request.user).prefetch_related("amendments"), slug=slug
    )
    member = can_read_funding(request.user, charter)
    published = published_years(charter)
    if not member and not published:
        raise Http404
    years = list(charter_years(charter)) if member else published
    data = request.GET.copy()
    if not data.get("annee"):
        data["annee"] = str(default_year(charter_years(charter)) if member else published[-1])
    table_filter = TableFilter(data, queryset=FundingCommitment.objects.none(), charter=charter)
    table_filter.filters["annee"].extra["choices"] = [(y, str(y)) for y in years]
    valid = table_filter.is_valid()
    export = request.GET.get("export")
    if export in {"csv", "xlsx"} and not valid:
        return refused(
            "Filtres invalides : corrigez-les sur la page du tableau de synthèse avant d'exporter."
        )
    summary = None
    if valid:
        filters = table_filter.matching_kwargs()
        summary = summary_table(charter, filters.pop("year"), filters, public=not member)
        if export == "csv":
            return csv_response(summary)
        if export == "xlsx":
            return xlsx_response(summary)
    context = {
        "charter": charter,
        "filter": table_filter,
        "table": summary,
        "query": query_without(request, "export"),
        "is_member": member,
        "can_manage": can_manage(request.user, charter),
        "can_add": member and can_add_commitment(request.user, charter),
        "is_published": bool(summary) and summary.year in published,
    }
    return render(request, "funding/table.html", context, status=200 if valid else 400)


@require_POST
def publish(request, slug, year):
    """Publish (or, with `retirer`, withdraw) the summary table of a year: the coordinator's."""
    charter = get_object_or_404(
        Charter.objects.coordinated_by(request.user).prefetch_related("amendments"), slug=slug
    )
    target = reverse("funding:table", args=[charter.slug]) + f"?annee={year}"
    if request.POST.get("retirer"):
        return post_action(
            request,
            lambda: services.unpublish_table(charter=charter, year=year, author=request.user),
            success=f"Le tableau de synthèse {year} n'est plus public.",
            target=target,
        )
    return post_action(
        request,
        lambda: services.publish_table(charter=charter, year=year, author=request.user),
        success=f"Le tableau de synthèse {year} est publié : le public peut le consulter.",
        target=target,
    )
