from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from actions.models import ProjectSheet
from charter.perms import is_member

from ..choices import CommitmentState
from ..models import FundingCommitment
from ..perms import can_add_commitment
from ..querysets import sheet_budget_flags

ZERO = Decimal("0.00")


def sheet_budget(request, pk):
    """A sheet's budget follow-up: its estimated cost (from the sheet), what its commitments bring, what is
    committed and paid, and the gap; with the sheet's flags (`querysets.sheet_budget_flags`)."""
    sheet = get_object_or_404(
        sheet_budget_flags(ProjectSheet.objects.visible_to(request.user)).select_related("charter", "theme"),
        pk=pk,
    )
    if not is_member(request.user, sheet.charter_id):
        raise Http404
    commitments = list(
        FundingCommitment.objects.filter(sheet=sheet)
        .with_related()
        .with_stage()
        .with_lateness()
        .order_by("year", "financer__order", "financer__name")
    )
    total = sum((c.net_amount for c in commitments), ZERO)
    committed = sum((c.net_amount for c in commitments if c.state == CommitmentState.COMMITTED), ZERO)
    paid = sum((c.paid_total for c in commitments), ZERO)
    estimate = sheet.estimated_cost
    context = {
        "sheet": sheet,
        "charter": sheet.charter,
        "commitments": commitments,
        "total": total,
        "committed": committed,
        "paid": paid,
        "unpaid": committed - paid,
        "gap": estimate - committed if estimate is not None else None,
        "can_add": can_add_commitment(request.user, sheet.charter),
    }
    return render(request, "funding/sheet_budget.html", context)
