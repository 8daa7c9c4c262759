"""Factories of funding (here until tests/factories/ gets a funding module): financers are built directly
(no rule but the model's), commitments and payments through `funding.services`, as the platform makes them
(so the kept sums and deductions are the services')."""

import datetime as dt
from decimal import Decimal

import factory

from charter.models import User
from funding import services
from funding.choices import CommitmentState, FinancerKind
from funding.models import Financer, FundingCommitment, Payment


def _coordination() -> User:
    """The platform acting as the coordination (an unsaved superuser)."""
    return User(username="factories", is_superuser=True)


class FinancerFactory(factory.django.DjangoModelFactory):
    """A partner financer: pass `charter` and `organisation` (a partner of it). Traits: `landlords`,
    `complementary` (no organisation)."""

    class Meta:
        model = Financer

    name = factory.Sequence(lambda n: f"Financeur {n}")
    kind = FinancerKind.PARTNER
    organisation = None

    class Params:
        landlords = factory.Trait(
            kind=FinancerKind.LANDLORDS, name="Bailleurs sociaux (au prorata des logements)"
        )
        complementary = factory.Trait(kind=FinancerKind.COMPLEMENTARY)


class CommitmentFactory(factory.django.DjangoModelFactory):
    """A hoped-for commitment of 1 000 € (`services.save_commitment`). Trait `committed` (voted, with a
    reference). `paid=[(date, amount), …]` records payments (`services.record_payment`)."""

    class Meta:
        model = FundingCommitment

    financer = factory.SubFactory(FinancerFactory)
    charter = factory.SelfAttribute("financer.charter")
    sheet = None
    year = factory.LazyAttribute(lambda o: o.charter.starts_on.year)
    amount = Decimal("1000.00")
    state = CommitmentState.HOPED

    class Params:
        committed = factory.Trait(state=CommitmentState.COMMITTED, decision_reference="Délibération n° 1")

    @classmethod
    def _create(cls, model_class, *args, paid=(), author=None, **kwargs):
        author = author or _coordination()
        commitment = services.save_commitment(commitment=model_class(**kwargs), author=author)
        for paid_on, amount in paid:
            services.record_payment(
                commitment=commitment, paid_on=paid_on, amount=Decimal(amount), author=author
            )
        if paid:
            commitment.refresh_from_db()
        return commitment


def pay(commitment, amount, paid_on=dt.date(2020, 1, 1)) -> Payment:
    payment = services.record_payment(
        commitment=commitment, paid_on=paid_on, amount=Decimal(amount), author=_coordination()
    )
    commitment.refresh_from_db()
    return payment


def commitment_payload(commitment=None, **overrides) -> dict:
    """The commitment form as it stands for `commitment` (its version included), or empty."""
    if commitment is None:
        return overrides
    data = {
        "financer": commitment.financer_id,
        "sheet": commitment.sheet_id or "",
        "year": commitment.year,
        "amount": str(commitment.amount).replace(".", ","),
        "state": commitment.state,
        "decision": commitment.decision_id or "",
        "decision_reference": commitment.decision_reference,
        "committed_on": commitment.committed_on.isoformat() if commitment.committed_on else "",
        "note": commitment.note,
        "edit_version": commitment.version,
    }
    return data | overrides
