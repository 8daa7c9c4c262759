"""Loads a charter data folder's funding (funding/data/README.md): the financers section VII names
(facts/financers.yaml), then the demonstration records (demo/funding.yaml): the GUSP mission's yearly cost
and shares, commitments on the worked sheets and their payments, all marked as demonstration (`is_demo`,
`choices.DEMO_NOTE`): the charter gives the rules, not the amounts.

Loading is idempotent (`gusp.core.loading.upsert`; the kept sums are computed again and written only when
they differ): loading twice writes nothing the second time."""

from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.db import transaction

from actions.models import ProjectSheet
from charter.data import charter_slug, read
from charter.models import Charter, Organisation
from gusp.core.loading import upsert

from . import services
from .choices import DEMO_NOTE, FinancerKind
from .models import Financer, FundingCommitment, MissionBudget, Payment
from .shares import split_pro_rata

LOCAL_DATA = Path(__file__).resolve().parent / "data"


def _read(data_dir: Path, name: str) -> dict:
    """The file of the charter's data folder, or funding's own copy for that charter."""
    return read(data_dir, name) or read(LOCAL_DATA / charter_slug(data_dir), name)


@transaction.atomic
def load(data_dir: Path, *, password: str | None = None) -> None:
    """Load the folder's financers, then its demonstration records. (`password` is for the accounts, which
    charter.demo.load makes.)"""
    charter = Charter.objects.get(slug=charter_slug(data_dir))
    financers = load_financers(_read(data_dir, "facts/financers.yaml"), charter)
    load_demo_records(_read(data_dir, "demo/funding.yaml"), charter, financers)


def load_financers(data: dict, charter: Charter) -> dict[str, Financer]:
    """{name or landlord slug: financer}."""
    organisations = {o.slug: o for o in Organisation.objects.all()}
    financers, order = {}, 0
    for row in data.get("financers", []):
        if row.get("landlord_partners"):
            for landlord in Organisation.objects.in_charter(charter).landlords().order_by("name"):
                order += 1
                financer = upsert(
                    Financer,
                    {"charter": charter, "name": landlord.short_name or landlord.name},
                    {"kind": FinancerKind.PARTNER, "organisation": landlord, "order": order},
                )
                financers[landlord.slug] = financers[financer.name] = financer
            continue
        order += 1
        financer = upsert(
            Financer,
            {"charter": charter, "name": row["name"]},
            {
                "kind": row["kind"],
                "organisation": organisations[row["organisation"]] if row.get("organisation") else None,
                "order": order,
                "description": row.get("description", ""),
            },
        )
        financers[financer.name] = financer
    return financers


def _decision(charter: Charter, wanted: dict | None):
    """A decision of the platform (the first one of a committee's meeting that day), if loaded."""
    if not wanted:
        return None
    return (
        apps.get_model("governance", "Decision")
        .objects.filter(
            meeting__committee__charter=charter,
            meeting__committee__kind=wanted["committee"],
            meeting__starts_at__date=wanted["date"],
        )
        .order_by("order", "pk")
        .first()
    )


def _commitment(charter, financer, sheet, year, amount, row) -> FundingCommitment:
    decision = _decision(charter, row.get("platform_decision"))
    reference = row.get("decision", "")
    if row.get("platform_decision") and decision is None:
        reference = f"Décision du comité du {row['platform_decision']['date']:%d/%m/%Y} (exemple)"
    return upsert(
        FundingCommitment,
        {"charter": charter, "financer": financer, "sheet": sheet, "year": year},
        {
            "amount": Decimal(amount),
            "state": row["state"],
            "decision_reference": reference,
            "decision": decision,
            "note": DEMO_NOTE,
            "is_demo": True,
        },
    )


def load_demo_records(data: dict, charter: Charter, financers: dict) -> None:
    """The demonstration records of demo/funding.yaml (nothing when the folder has none)."""
    loaded = []
    mission = data.get("mission", {})
    for year, row in mission.get("years", {}).items():
        cost = Decimal(row["cost"])
        upsert(
            MissionBudget,
            {"charter": charter, "year": year},
            {"total_cost": cost, "note": DEMO_NOTE, "is_demo": True},
        )
        # The shares in percent of the cost, to the cent, adding up exactly to it.
        for name, amount in split_pro_rata(cost, mission["shares"]).items():
            commitment = _commitment(charter, financers[name], None, year, amount, row)
            if row.get("paid"):
                upsert(Payment, {"commitment": commitment, "paid_on": row["paid_on"]}, {"amount": amount})
            loaded.append(commitment)

    sheets = {s.number: s for s in ProjectSheet.objects.filter(charter=charter)}
    for row in data.get("commitments", []):
        commitment = _commitment(
            charter, financers[row["financer"]], sheets[row["sheet"]], row["year"], row["amount"], row
        )
        for payment in row.get("payments", []):
            upsert(
                Payment,
                {"commitment": commitment, "paid_on": payment["paid_on"]},
                {"amount": Decimal(payment["amount"])},
            )
        loaded.append(commitment)

    # The kept sums, as the services keep them: the payments, then the deductions of each sheet and year.
    for commitment in loaded:
        paid = sum(commitment.payments.values_list("amount", flat=True), Decimal("0.00"))
        upsert(FundingCommitment, {"pk": commitment.pk}, {"paid_total": paid})
    for charter_id, sheet_id, year in sorted(
        {(c.charter_id, c.sheet_id, c.year) for c in loaded}, key=lambda g: (g[1] or 0, g[2])
    ):
        services.rebalance(charter_id=charter_id, sheet_id=sheet_id, year=year)
    for commitment in FundingCommitment.objects.filter(pk__in=[c.pk for c in loaded]):
        commitment.full_clean()  # the demonstration data keeps the platform's rules
