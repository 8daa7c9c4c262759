from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from charter.models import Charter
from charter.perms import can_coordinate

from ..exports import ALL_TERRITORIES, XLSX_MAX_ROWS, csv_response, xlsx_response
from ..filters import ActionPlanFilter
from ..models import Action


def filtered_plan(request, charter):
    actions = (
        Action.objects.visible_to(request.user)
        .filter(sheet__charter=charter)
        .with_related()
        .with_lateness(timezone.localdate())
        .order_by("sheet__theme__code", "sheet__number", "due_on", "pk")
    )
    return ActionPlanFilter(request.GET or None, queryset=actions, charter=charter)


# The plan's table shows its rows a page at a time (a metropolis' charter holds thousands of actions); the
# exports hold every row of the filtered plan, in the same order.
ACTIONS_PER_PAGE = 200


def query_without_export(request) -> str:
    query = request.GET.copy()
    query.pop("export", None)
    return query.urlencode()


def query_without(name: str, query: str) -> str:
    parsed = QueryDict(query, mutable=True)
    parsed.pop(name, None)
    return parsed.urlencode()


def _refused(message: str) -> HttpResponse:
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def plan(request, slug):
    """The action plan, filtered; `?export=csv` or `?export=xlsx` downloads the same rows in the same order."""
    charter = get_object_or_404(Charter.objects.member_of(request.user), slug=slug)
    plan_filter = filtered_plan(request, charter)
    export = request.GET.get("export")
    if export in {"csv", "xlsx"}:
        if plan_filter.is_bound and not plan_filter.is_valid():
            return _refused(
                "Filtres invalides : corrigez-les sur la page du plan d'actions avant d'exporter."
            )
        if export == "csv":
            return csv_response(plan_filter.qs, charter)
        if plan_filter.qs.count() > XLSX_MAX_ROWS:
            return _refused(
                f"Le tableur XLSX est limité à {XLSX_MAX_ROWS} lignes : filtrez le plan, ou exportez-le en CSV."
            )
        return xlsx_response(plan_filter.qs, charter)
    page = Paginator(plan_filter.qs, ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    query = query_without_export(request)
    context = {
        "charter": charter,
        "filter": plan_filter,
        "page": page,
        "actions": page,
        "query": query,
        "page_query": query_without("page", query),
        "can_coordinate": can_coordinate(request.user, charter),
    }
    return render(request, "actions/plan.html", context)


def plan_matrix(request, slug):
    """Theme × quarter: number of actions, share finished, late ones — on the same filters as the table."""
    charter = get_object_or_404(Charter.objects.member_of(request.user), slug=slug)
    plan_filter = filtered_plan(request, charter)
    by_key = plan_filter.qs.theme_territory_counts(timezone.localdate())
    columns = [(t.pk, t.name) for t in charter.territories.all()] + [(None, ALL_TERRITORIES)]
    rows = []
    for theme in charter.themes.all():
        row = []
        for territory_id, _name in columns:
            cell = by_key.get((theme.pk, territory_id))
            if cell:
                cell = dict(cell, share=round(100 * cell["finished"] / cell["count"]))
            row.append(cell)
        rows.append((theme, row))
    context = {
        "charter": charter,
        "filter": plan_filter,
        "columns": columns,
        "rows": rows,
        "query": query_without_export(request),
    }
    return render(request, "actions/plan_matrix.html", context)
