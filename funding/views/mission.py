from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gusp.core.pages import form_page

from .. import services
from ..choices import DEMO_NOTE
from ..forms import MissionBudgetForm
from ..models import Financer, FundingCommitment, MissionBudget
from ..periods import charter_years, default_year
from ..perms import can_add_commitment, can_manage
from ..querysets import landlord_dwellings
from ..shares import landlords_split
from .common import member_charter

ZERO = Decimal("0.00")


def _year(request, years: range) -> int:
    value = request.GET.get("annee", "")
    if value.isdecimal() and len(value) <= 4 and int(value) in years:
        return int(value)
    return default_year(years)


def mission(request, slug):
    """The GUSP mission (section VII, footnotes 18 and 19): for each year its total cost and each
    financer's share; for the chosen year, the landlords' share split pro rata of their dwellings in the
    charter's territories (computed from the residences), with the computation."""
    charter = member_charter(request, slug)
    years = charter_years(charter)
    year = _year(request, years)
    budgets = {b.year: b for b in MissionBudget.objects.filter(charter=charter)}
    sums = defaultdict(lambda: ZERO)
    for y, financer_id, amount, deducted in (
        FundingCommitment.objects.filter(charter=charter)
        .for_mission()
        .values_list("year", "financer_id", "amount", "deducted")
    ):
        sums[(y, financer_id)] += amount - deducted
    financers = list(Financer.objects.filter(pk__in={f for _y, f in sums}).order_by("order", "name"))
    overview = []
    for y in years:
        shares = [sums.get((y, f.pk)) for f in financers]
        funded = sum((s for s in shares if s), ZERO)
        budget = budgets.get(y)
        overview.append(
            {
                "year": y,
                "budget": budget,
                "shares": shares,
                "funded": funded,
                "remaining": budget.total_cost - funded if budget else None,
            }
        )

    commitments = list(
        FundingCommitment.objects.filter(charter=charter, year=year)
        .for_mission()
        .with_related()
        .with_stage()
        .order_by("financer__order", "financer__name")
    )
    budget = budgets.get(year)
    funded = sum((c.net_amount for c in commitments), ZERO)
    rows = [
        {"commitment": c, "share": c.net_amount / budget.total_cost if budget else None} for c in commitments
    ]
    landlords_amount = sum((c.net_amount for c in commitments if c.financer.is_landlords), ZERO)
    dwellings = landlord_dwellings(charter)
    total_dwellings = sum(dwellings.values())
    context = {
        "charter": charter,
        "years": years,
        "year": year,
        "financers": financers,
        "overview": overview,
        "budget": budget,
        "rows": rows,
        "funded": funded,
        "remaining": budget.total_cost - funded if budget else None,
        "has_landlords_share": any(c.financer.is_landlords for c in commitments),
        "split": landlords_split(landlords_amount, dwellings) if landlords_amount else None,
        "dwellings": [
            {
                "landlord": landlord,
                "dwellings": n,
                "share": Decimal(n) / total_dwellings if total_dwellings else None,
            }
            for landlord, n in dwellings.items()
        ],
        "total_dwellings": total_dwellings,
        "demo_note": DEMO_NOTE,
        "has_demo": (budget is not None and budget.is_demo) or any(c.is_demo for c in commitments),
        "can_manage": can_manage(request.user, charter),
        "can_add": can_add_commitment(request.user, charter),
    }
    return render(request, "funding/mission.html", context)


@require_http_methods(["GET", "POST"])
def mission_budget_edit(request, slug, year):
    charter = member_charter(request, slug)
    if not can_manage(request.user, charter):
        raise PermissionDenied
    if year not in charter_years(charter):
        raise Http404
    budget = MissionBudget.objects.filter(charter=charter, year=year).first()
    form = MissionBudgetForm(request.POST or None, instance=budget, charter=charter, year=year)
    back = reverse("funding:mission", args=[charter.slug]) + f"?annee={year}"
    return form_page(
        request,
        form,
        lambda f: services.save_mission_budget(budget=f.save(commit=False), author=request.user),
        title=f"Coût de la mission GUSP — {year}",
        success_url=lambda saved: reverse("funding:mission", args=[charter.slug]) + f"?annee={saved.year}",
        back_url=back,
        success_message="Le coût de la mission a été enregistré.",
    )
