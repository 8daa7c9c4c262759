"""Splitting an amount pro rata, to the cent, so that the parts add up exactly to the amount.

One function does it, `allocate` (with `split_pro_rata` for callers that only want the parts). Two rules of
section VII use it:
- the landlords' share of the GUSP mission (the coordinator post) is split among the landlords « au prorata
  du nombre de logements détenu par chaque bailleur » (footnote 18): `landlords_split`, from the dwellings
  of the residences in the charter's territories, never typed;
- complementary funding found later is deducted from the partners' commitments (« viendra en déduction des
  engagements de chacun des partenaires »), pro rata of what each still has to pay (`services.rebalance`).

The method is the largest remainder (Hamilton): every part first gets the whole cents of its exact
proportion (rounded down); the cents still missing (fewer than the number of parts) go one each to the parts
with the largest fractional remainders, ties going to the larger weight, then to the earlier part. Hence the
parts add up to the amount to the cent, none is negative, each differs from its exact proportion by less
than one cent, and a part of weight 0 gets exactly 0."""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .choices import CENT


@dataclass(frozen=True)
class Part:
    """One part of a split, with its computation (shown on the coordinator-post page)."""

    key: Hashable
    weight: int | Decimal
    exact: Fraction  # the exact proportion of the amount, in euros
    floor_cents: int  # its whole cents, rounded down
    extra_cent: bool  # one of the cents left over went to this part
    share: Decimal  # what it pays, in euros, to the cent

    @property
    def exact_display(self) -> Decimal:
        """The exact proportion to four decimals, for the page (the computation keeps it exact)."""
        return Decimal(self.exact.numerator) / Decimal(self.exact.denominator)

    @property
    def floor(self) -> Decimal:
        """Its whole cents, in euros."""
        return Decimal(self.floor_cents) / 100

    @property
    def remainder(self) -> Fraction:
        """The fraction of a cent left over once the whole cents are given."""
        return self.exact * 100 - self.floor_cents


def allocate(total: Decimal, weights: Mapping[Hashable, int | Decimal]) -> list[Part]:
    """The parts of `total` (euros, whole cents, not negative) pro rata of `weights` (not negative, not all
    zero), in the order of `weights`. Raises ValueError otherwise."""
    total = Decimal(total)
    if not total.is_finite() or total < 0 or total != total.quantize(CENT):
        raise ValueError("Le montant à répartir doit être positif ou nul, en euros et centimes.")
    if any(Decimal(w) < 0 for w in weights.values()):
        raise ValueError("Une clé de répartition ne peut être négative.")
    weight_sum = sum(Fraction(Decimal(w)) for w in weights.values())
    if weight_sum == 0:
        raise ValueError("Rien sur quoi répartir : toutes les clés de répartition sont nulles.")
    total_cents = int(total * 100)
    exact_cents = {
        key: Fraction(total_cents) * Fraction(Decimal(w)) / weight_sum for key, w in weights.items()
    }
    floors = {key: exact.numerator // exact.denominator for key, exact in exact_cents.items()}
    left_over = total_cents - sum(floors.values())
    order = list(weights)
    position = {key: index for index, key in enumerate(order)}
    ranked = sorted(
        order, key=lambda key: (-(exact_cents[key] - floors[key]), -Decimal(weights[key]), position[key])
    )
    extra = set(ranked[:left_over])
    return [
        Part(
            key=key,
            weight=weights[key],
            exact=exact_cents[key] / 100,
            floor_cents=floors[key],
            extra_cent=key in extra,
            share=Decimal(floors[key] + (key in extra)) / 100,
        )
        for key in order
    ]


def split_pro_rata(total: Decimal, weights: Mapping[Hashable, int | Decimal]) -> dict:
    """{key: share in euros}: `allocate` without the computation."""
    return {part.key: part.share for part in allocate(total, weights)}


@dataclass(frozen=True)
class LandlordSplit:
    """The landlords' share of an amount, split pro rata of their dwellings in the charter's territories."""

    amount: Decimal
    total_dwellings: int
    parts: list[Part]  # key: the landlord (an Organisation)

    @property
    def left_over_cents(self) -> int:
        return sum(part.extra_cent for part in self.parts)


def landlords_split(amount: Decimal, dwellings: Mapping) -> LandlordSplit | None:
    """Split `amount` among the landlords of `dwellings` ({landlord: number of dwellings}, from
    `querysets.landlord_dwellings(charter)`); None when no landlord holds a dwelling."""
    total = sum(dwellings.values())
    if not total:
        return None
    return LandlordSplit(amount=amount, total_dwellings=total, parts=allocate(amount, dwellings))
