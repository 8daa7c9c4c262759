"""Writes of funding: keyword-only, atomic, validating (a broken rule raises a ValidationError with a
French message and writes nothing), recorded in the history.

Two sums are kept on each commitment on purpose, and written only here:
- `paid_total`, the sum of its payments (`record_payment`, `delete_payment`);
- `deducted`, what complementary funding took off a partner's commitment (`rebalance`). Section VII: the
  partners « s'engagent conjointement à rechercher tous financements complémentaires, dont le montant
  viendra en déduction des engagements de chacun des partenaires ». For each sheet (or the mission) and
  year, the committed complementary funding is deducted from the partners' commitments of that sheet and
  year, pro rata of what each has still to pay (`shares.allocate`, to the cent), never more than that. It
  is computed again from scratch whenever a commitment or payment of the group changes, so it never drifts."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from charter.perms import can_coordinate

from .choices import PARTNER_KINDS, CommitmentState, FinancerKind
from .formats import euros
from .models import (
    Financer,
    FundingCommitment,
    MissionBudget,
    Payment,
    TablePublication,
    check_year_in_period,
)
from .shares import split_pro_rata

ZERO = Decimal("0.00")
NOT_YOURS = "Vous ne pouvez saisir que les engagements de votre organisation."


def _check_can_commit(author, financer: Financer) -> None:
    if not Financer.objects.committable_by(author).filter(pk=financer.pk).exists():
        raise ValidationError({"financer": NOT_YOURS})


def _deductions(members: dict) -> dict:
    """{key: deducted} for the commitments of one sheet (or the mission) and year (`members`, by key)."""
    complementary = sum(
        (
            c.amount
            for c in members.values()
            if c.financer.kind == FinancerKind.COMPLEMENTARY and c.state == CommitmentState.COMMITTED
        ),
        ZERO,
    )
    weights = {
        key: c.amount - c.paid_total
        for key, c in members.items()
        if c.financer.kind in PARTNER_KINDS and c.amount - c.paid_total > 0
    }
    deduction = min(complementary, sum(weights.values(), ZERO))
    shares = split_pro_rata(deduction, weights) if deduction > 0 else {}
    return {key: shares.get(key, ZERO) for key in members}


def rebalance(*, charter_id: int, sheet_id: int | None, year: int, pending=None, removed_pk=None) -> list:
    """Deduct the committed complementary funding of one sheet (or the mission, `sheet_id=None`) and year
    from the partners' commitments (module docstring). `pending` is a commitment about to be saved by the
    caller (its `deducted` is set, not saved), `removed_pk` one being deleted. Saves the others whose
    deduction changed, and returns them."""
    group = (
        FundingCommitment.objects.select_for_update(of=("self",))
        .filter(charter_id=charter_id, sheet_id=sheet_id, year=year)
        .select_related("financer")
        .order_by("pk")
    )
    members = {c.pk: c for c in group if c.pk != removed_pk}
    if pending is not None:
        members[pending.pk or "pending"] = pending
    changed = []
    for key, deducted in _deductions(members).items():
        commitment = members[key]
        if commitment.deducted != deducted:
            commitment.deducted = deducted
            if commitment is not pending:
                commitment.save(update_fields=["deducted"])
                changed.append(commitment)
    return changed


@transaction.atomic
def save_commitment(*, commitment: FundingCommitment, author) -> FundingCommitment:
    """Create or update a commitment. The coordinator records any financer's; a referent only their own
    organisation's (and cannot hand one to another financer)."""
    _check_can_commit(author, commitment.financer)
    previous = None
    if commitment.pk is None:
        commitment.created_by = author if getattr(author, "pk", None) else None
    else:
        previous = (
            FundingCommitment.objects.editable_by(author)
            .filter(pk=commitment.pk)
            .values("financer_id", "sheet_id", "year", "paid_total")
            .first()
        )
        if previous is None:
            raise ValidationError(NOT_YOURS)
        # The sums kept on the record are the services', whatever the form held.
        commitment.paid_total = previous["paid_total"]
    rebalance(
        charter_id=commitment.charter_id,
        sheet_id=commitment.sheet_id,
        year=commitment.year,
        pending=commitment,
    )
    commitment.full_clean()
    commitment.save()
    if previous and (previous["sheet_id"], previous["year"]) != (commitment.sheet_id, commitment.year):
        rebalance(charter_id=commitment.charter_id, sheet_id=previous["sheet_id"], year=previous["year"])
    return commitment


@transaction.atomic
def delete_commitment(*, commitment: FundingCommitment, author) -> None:
    if not FundingCommitment.objects.editable_by(author).filter(pk=commitment.pk).exists():
        raise ValidationError(NOT_YOURS)
    if commitment.payments.exists():
        raise ValidationError(
            "Des versements sont enregistrés sur cet engagement : il ne peut être supprimé."
        )
    rebalance(
        charter_id=commitment.charter_id,
        sheet_id=commitment.sheet_id,
        year=commitment.year,
        removed_pk=commitment.pk,
    )
    commitment.delete()


def _locked(commitment: FundingCommitment) -> FundingCommitment:
    return (
        FundingCommitment.objects.select_for_update(of=("self",))
        .select_related("financer")
        .get(pk=commitment.pk)
    )


@transaction.atomic
def record_payment(*, commitment: FundingCommitment, paid_on, amount, author, reference: str = "") -> Payment:
    """A payment of a voted commitment; the payments never exceed what the commitment brings."""
    if not FundingCommitment.objects.editable_by(author).filter(pk=commitment.pk).exists():
        raise ValidationError(NOT_YOURS)
    commitment = _locked(commitment)
    if commitment.state != CommitmentState.COMMITTED:
        raise ValidationError(
            "Un versement suit un vote : passez d'abord l'engagement à l'état « Engagé (voté) »."
        )
    payment = Payment(
        commitment=commitment,
        paid_on=paid_on,
        amount=amount,
        reference=reference,
        recorded_by=author if getattr(author, "pk", None) else None,
    )
    payment.full_clean()
    if commitment.paid_total + amount > commitment.net_amount:
        raise ValidationError(
            {
                "amount": f"Ce versement dépasserait l'engagement : il reste {euros(commitment.unpaid)} à verser."
            }
        )
    payment.save()
    commitment.paid_total += amount
    _save_sums(commitment)
    return payment


@transaction.atomic
def delete_payment(*, payment: Payment, author) -> None:
    if not Payment.objects.editable_by(author).filter(pk=payment.pk).exists():
        raise ValidationError(NOT_YOURS)
    commitment = _locked(payment.commitment)
    commitment.paid_total -= payment.amount
    payment.delete()
    _save_sums(commitment)


def _save_sums(commitment: FundingCommitment) -> None:
    rebalance(
        charter_id=commitment.charter_id,
        sheet_id=commitment.sheet_id,
        year=commitment.year,
        pending=commitment,
    )
    commitment.full_clean()
    commitment.save(update_fields=["paid_total", "deducted"])


@transaction.atomic
def save_financer(*, financer: Financer, author) -> Financer:
    """The coordinator keeps the list of financers. A financer with commitments keeps its nature (its
    commitments' deductions depend on it)."""
    if not can_coordinate(author, financer.charter_id):
        raise ValidationError("Seule la coordination tient la liste des financeurs.")
    if financer.pk is not None and financer.commitments.exists():
        kind = Financer.objects.filter(pk=financer.pk).values_list("kind", flat=True).get()
        if kind != financer.kind:
            raise ValidationError({"kind": "Ce financeur a des engagements : sa nature ne change plus."})
    financer.full_clean()
    financer.save()
    return financer


@transaction.atomic
def save_mission_budget(*, budget: MissionBudget, author) -> MissionBudget:
    if not can_coordinate(author, budget.charter_id):
        raise ValidationError("Seule la coordination saisit le coût de la mission GUSP.")
    budget.full_clean()
    budget.save()
    return budget


@transaction.atomic
def publish_table(*, charter, year: int, author) -> TablePublication:
    """Open the summary table of `year` to the public (idempotent)."""
    if not can_coordinate(author, charter):
        raise ValidationError("Seule la coordination publie le tableau de synthèse.")
    check_year_in_period(charter, year)
    publication, _ = TablePublication.objects.get_or_create(
        charter=charter, year=year, defaults={"published_by": author}
    )
    return publication


@transaction.atomic
def unpublish_table(*, charter, year: int, author) -> None:
    if not can_coordinate(author, charter):
        raise ValidationError("Seule la coordination publie le tableau de synthèse.")
    for publication in TablePublication.objects.filter(charter=charter, year=year):
        publication.delete()
