"""Pure catalog rules, with properties over generated inputs."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from services.catalog.domain.activities import LadderTerms
from services.catalog.domain.stock import bundle_stock

tiers_strategy = st.lists(st.tuples(st.integers(1, 200), st.integers(1, 100_000)), min_size=1, max_size=8)


def _valid(pairs: list[tuple[int, int]]) -> bool:
    return (pairs[0][0] == 1 and all(b[0] > a[0] for a, b in itertools.pairwise(pairs))
            and all(b[1] < a[1] for a, b in itertools.pairwise(pairs)))


@given(tiers_strategy)
def test_a_ladder_is_accepted_exactly_when_thresholds_rise_from_1_and_prices_fall(pairs):
    tiers = [{"threshold": t, "unit_price_fen": p} for t, p in pairs]
    try:
        LadderTerms(tiers=tiers)
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == _valid(pairs)


@given(st.lists(st.tuples(st.integers(0, 10_000), st.integers(1, 50)), min_size=1, max_size=6))
def test_bundle_stock_never_needs_more_than_any_component_has(components):
    packs = bundle_stock(components)
    assert packs >= 0
    assert all(packs * per_pack <= stock for stock, per_pack in components)
    assert any((packs + 1) * per_pack > stock for stock, per_pack in components)


def test_early_bird_needs_exactly_one_rule():
    base = {"tiers": [{"threshold": 1, "unit_price_fen": 100}]}
    with pytest.raises(ValidationError):
        LadderTerms(**base, early_bird={"unit_price_fen": 50})
    with pytest.raises(ValidationError):
        LadderTerms(**base, early_bird={"unit_price_fen": 50, "first_n": 3, "paid_before": "2027-01-01T00:00:00Z"})
    assert LadderTerms(**base, early_bird={"unit_price_fen": 50, "first_n": 3}).early_bird.first_n == 3
