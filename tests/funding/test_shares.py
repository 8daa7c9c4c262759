"""The pro rata split (`funding.shares`): the landlords' share of the GUSP mission on the Vitrolles
residences, against a computation by hand, and properties that hold for any amount and any landlords."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from funding.querysets import landlord_dwellings
from funding.shares import allocate, landlords_split, split_pro_rata
from tests.factories import OrganisationFactory, ResidenceFactory


def test_landlords_share_on_the_vitrolles_residences(vitrolles):
    """Annex 3: Coopération et Famille 191 + 81 + 246 = 518 dwellings, Famille et Provence 124, LOGIREM 206,
    OPAC Sud 875, Phocéenne d'Habitation 97 + 373 = 470: 2 193 dwellings. The other landlords that signed
    or joined the charter hold none in its quarters.

    10 000,00 € = 1 000 000 cents. Exact parts in cents (1 000 000 × dwellings ÷ 2 193), rounded down:
      Coopération et Famille 236 206,110…  → 236 206
      Famille et Provence     56 543,547…  →  56 543
      LOGIREM                 93 935,248…  →  93 935
      OPAC Sud               398 996,808…  → 398 996
      Phocéenne d'Habitation 214 318,285…  → 214 318
    The floors add up to 999 998 cents: the 2 cents left go to the two largest remainders, OPAC Sud (0,808)
    and Famille et Provence (0,547)."""
    dwellings = {landlord.slug: n for landlord, n in landlord_dwellings(vitrolles).items()}
    assert dwellings == {
        "cooperation-et-famille": 518,
        "famille-et-provence": 124,
        "logirem": 206,
        "opac-sud": 875,
        "phoceenne-habitation": 470,
        "logis-mediterranee": 0,
        "sud-habitat": 0,
        "hmp": 0,
        "erilia": 0,
        "nouveau-logis-provencal": 0,
    }

    split = landlords_split(Decimal("10000.00"), landlord_dwellings(vitrolles))

    shares = {part.key.slug: part.share for part in split.parts}
    assert shares == {
        "cooperation-et-famille": Decimal("2362.06"),
        "famille-et-provence": Decimal("565.44"),
        "logirem": Decimal("939.35"),
        "opac-sud": Decimal("3989.97"),
        "phoceenne-habitation": Decimal("2143.18"),
        "logis-mediterranee": Decimal("0.00"),
        "sud-habitat": Decimal("0.00"),
        "hmp": Decimal("0.00"),
        "erilia": Decimal("0.00"),
        "nouveau-logis-provencal": Decimal("0.00"),
    }
    assert split.total_dwellings == 2193
    assert split.left_over_cents == 2
    assert {p.key.slug for p in split.parts if p.extra_cent} == {"opac-sud", "famille-et-provence"}


def test_the_dwellings_come_from_the_residences(small_world):
    """A new residence changes the split; a landlord partner with no residence in the quarters counts 0; a
    residence in another charter does not count."""
    w = small_world
    idle = OrganisationFactory(name="Bailleur sans logement ici", kind="landlord", partner_of=[w.charter])
    ResidenceFactory(territory__charter__title="Ailleurs", landlord=w.landlord_a, dwellings=5000)
    assert landlord_dwellings(w.charter) == {w.landlord_a: 100, w.landlord_b: 100, idle: 0}

    ResidenceFactory(territory=w.other_territory, landlord=w.landlord_b, dwellings=50)

    assert landlord_dwellings(w.charter) == {w.landlord_a: 100, w.landlord_b: 150, idle: 0}
    assert split_pro_rata(Decimal("100.00"), landlord_dwellings(w.charter)) == {
        w.landlord_a: Decimal("40.00"),
        w.landlord_b: Decimal("60.00"),
        idle: Decimal("0.00"),
    }


def test_no_dwelling_no_split():
    assert landlords_split(Decimal("100.00"), {}) is None
    assert landlords_split(Decimal("100.00"), {"bailleur sans logement": 0}) is None


@pytest.mark.parametrize(
    ("total", "weights", "message"),
    [
        (Decimal("-0.01"), {"a": 1}, "positif ou nul"),
        (Decimal("1.001"), {"a": 1}, "euros et centimes"),
        (Decimal("Infinity"), {"a": 1}, "positif ou nul"),
        (Decimal("10.00"), {"a": 0, "b": 0}, "toutes les clés de répartition sont nulles"),
        (Decimal("10.00"), {"a": -1, "b": 3}, "ne peut être négative"),
    ],
)
def test_what_cannot_be_split(total, weights, message):
    with pytest.raises(ValueError, match=message):
        allocate(total, weights)


def test_ties_go_to_the_larger_weight_then_to_the_first():
    # 0,02 € in three equal parts: 0,666… cent each; the 2 cents go to the first two.
    assert split_pro_rata(Decimal("0.02"), {"a": 1, "b": 1, "c": 1}) == {
        "a": Decimal("0.01"),
        "b": Decimal("0.01"),
        "c": Decimal("0.00"),
    }
    # 0,01 € between weights 2, 1 and 1 (remainders 0,5, 0,25, 0,25): the larger remainder wins.
    assert split_pro_rata(Decimal("0.01"), {"a": 1, "b": 2, "c": 1}) == {
        "a": Decimal("0.00"),
        "b": Decimal("0.01"),
        "c": Decimal("0.00"),
    }


amounts = st.integers(min_value=0, max_value=10**13).map(lambda cents: Decimal(cents) / 100)
# Any number of landlords, any number of dwellings (a residence holds at most 100 000), some with none.
dwelling_lists = st.lists(st.integers(min_value=0, max_value=2_000_000), min_size=1, max_size=60).filter(any)


@settings(max_examples=400, deadline=None)
@given(total=amounts, dwellings=dwelling_lists)
@example(total=Decimal("8250.00"), dwellings=[518, 124, 206, 875, 470, 0, 0, 0, 0, 0])  # Vitrolles
@example(total=Decimal("0.01"), dwellings=[0, 1, 0])
@example(total=Decimal("0.00"), dwellings=[3, 0])
@example(total=Decimal("100000000000.00"), dwellings=[1, 1, 1])
def test_shares_add_up_to_the_cent_never_negative_within_a_cent(total, dwellings):
    weights = {f"bailleur {i}": n for i, n in enumerate(dwellings)}

    shares = split_pro_rata(total, weights)

    assert list(shares) == list(weights)
    assert sum(shares.values()) == total
    weight_sum = sum(dwellings)
    for key, share in shares.items():
        assert share >= 0
        assert share == share.quantize(Decimal("0.01"))
        exact = Fraction(total) * weights[key] / weight_sum
        assert abs(Fraction(share) - exact) < Fraction(1, 100)
        if weights[key] == 0:
            assert share == 0


@settings(max_examples=200, deadline=None)
@given(total=amounts, remaining=st.lists(st.integers(min_value=1, max_value=10**12), min_size=1, max_size=30))
def test_a_deduction_never_takes_more_than_what_is_left(total, remaining):
    """The deduction of complementary funding (`services.rebalance`) splits at most what the partners have
    left to pay, by amounts in cents: no part exceeds its weight."""
    weights = {i: Decimal(cents) / 100 for i, cents in enumerate(remaining)}
    deduction = min(total, sum(weights.values()))
    shares = split_pro_rata(deduction, weights)
    assert sum(shares.values()) == deduction
    assert all(0 <= shares[i] <= weights[i] for i in weights)
