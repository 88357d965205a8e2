"""Rebate rules: levels, rates by the beneficiary's own level, product roles, the cap, reversals."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.referrals.domain.rebates import Rebate, RebateRules, rebates, reversals

LEVELS = ("customer", "member", "partner")
RATES = {1: {"member": 100, "partner": 150}, 2: {"member": 30, "partner": 50}}


def test_d_pays_c_and_b_never_a_with_two_levels():
    rules = RebateRules(rates=RATES, cap_permille=300)
    # A ← B ← C ← D: D's upline, nearest first, is C, B, A
    upline = [(3, "member"), (2, "partner"), (1, "partner")]
    assert rebates(rules, 10_000, upline) == [Rebate(3, 1, 1_000), Rebate(2, 2, 500)]


def test_the_rate_is_the_beneficiarys_own_level():
    rules = RebateRules(rates=RATES)
    assert rebates(rules, 10_000, [(3, "partner"), (2, "customer")]) == [Rebate(3, 1, 1_500)]


def test_traffic_products_pay_nothing_by_default_and_roles_can_override():
    rules = RebateRules(rates=RATES, role_rates={"traffic": {}, "profit": {1: {"member": 200}}})
    upline = [(3, "member"), (2, "member")]
    assert rebates(rules, 10_000, upline, product_role="traffic") == []
    assert rebates(rules, 10_000, upline, product_role="profit") == [Rebate(3, 1, 2_000)]
    assert rebates(RebateRules(rates=RATES), 10_000, upline, product_role="traffic") == []
    assert rebates(RebateRules(rates=RATES, role_rates={"profit": {}}), 10_000, upline, product_role="traffic") == []
    paying = RebateRules(rates=RATES, role_rates={"traffic": {1: {"member": 10}}})
    assert rebates(paying, 10_000, upline, product_role="traffic") == [Rebate(3, 1, 100)]


def test_the_cap_cuts_the_farthest_levels_first():
    rules = RebateRules(rates={1: {"member": 200}, 2: {"member": 200}}, cap_permille=300)
    assert rebates(rules, 10_000, [(3, "member"), (2, "member")]) == [Rebate(3, 1, 2_000), Rebate(2, 2, 1_000)]


def test_amounts_round_down():
    rules = RebateRules(rates={1: {"member": 33}})
    assert rebates(rules, 999, [(3, "member")]) == [Rebate(3, 1, 32)]  # 32.967


def test_three_levels_are_accepted_with_a_warning_more_are_refused():
    assert RebateRules().warnings == ()
    three = RebateRules(max_levels=3, rates={3: {"member": 10}})
    assert len(three.warnings) == 1 and "pyramid" in three.warnings[0]
    assert rebates(three, 10_000, [(4, "customer"), (3, "customer"), (2, "member"), (1, "member")]) == [
        Rebate(2, 3, 100)]
    for bad in (4, 0, -1):
        with pytest.raises(ValueError):
            RebateRules(max_levels=bad)


@pytest.mark.parametrize("kwargs", [
    {"rates": {3: {"member": 10}}},  # beyond max_levels 2
    {"rates": {1: {"member": 1001}}},
    {"rates": {1: {"member": -1}}},
    {"rates": {1: {"member": 1.5}}},
    {"cap_permille": 1001},
    {"role_rates": {"profit": {0: {"member": 1}}}},
])
def test_invalid_rule_sets_are_refused(kwargs):
    with pytest.raises(ValueError):
        RebateRules(**kwargs)


def test_an_upline_with_a_cycle_or_a_negative_amount_is_refused():
    with pytest.raises(ValueError):
        rebates(RebateRules(), 100, [(2, "member"), (2, "member")])
    with pytest.raises(ValueError):
        rebates(RebateRules(), -1, [])


rates = st.integers(min_value=0, max_value=1000)
rule_sets = st.builds(
    lambda max_levels, table, cap: RebateRules(
        max_levels=max_levels, cap_permille=cap,
        rates={tree: {level: table[(tree, level)] for level in LEVELS} for tree in range(1, max_levels + 1)}),
    st.integers(min_value=1, max_value=3),
    st.fixed_dictionaries({(tree, level): rates for tree in (1, 2, 3) for level in LEVELS}),
    rates)
uplines = st.lists(st.tuples(st.integers(min_value=1, max_value=10**9), st.sampled_from(LEVELS)),
                   max_size=6, unique_by=lambda member: member[0])
amounts = st.integers(min_value=0, max_value=10**10)


@given(rule_sets, amounts, uplines, st.sampled_from(["regular", "profit", "traffic", "fission"]))
def test_rebates_stay_within_the_cap_and_the_levels(rules, amount, upline, role):
    paid = rebates(rules, amount, upline, product_role=role)
    assert sum(r.amount_fen for r in paid) <= amount * rules.cap_permille // 1000
    assert all(isinstance(r.amount_fen, int) and r.amount_fen > 0 for r in paid)
    assert all(1 <= r.tree_level <= rules.max_levels for r in paid)
    assert [r.beneficiary_id for r in paid] == [upline[r.tree_level - 1][0] for r in paid]
    if role == "traffic":
        assert paid == []
    for r in paid:
        assert r.amount_fen <= amount * rules.rate(role, r.tree_level, upline[r.tree_level - 1][1]) // 1000


def test_a_full_refund_in_parts_takes_back_exactly_everything():
    originals = [1_001, 333, 7]
    first = reversals(originals, Fraction(1, 3))
    assert first == [333, 111, 2]
    second = reversals(originals, Fraction(1), first)
    assert [a + b for a, b in zip(first, second, strict=True)] == originals


def test_reversals_refuse_nonsense():
    with pytest.raises(ValueError):
        reversals([100], Fraction(3, 2))
    with pytest.raises(ValueError):
        reversals([100], Fraction(1, 2), [1, 2])


@given(st.lists(st.integers(min_value=0, max_value=10**9), max_size=5),
       st.lists(st.fractions(min_value=0, max_value=1), min_size=1, max_size=5))
def test_reversals_never_exceed_the_originals(originals, shares):
    already = [0] * len(originals)
    for share in sorted(shares):  # refunds only ever add up
        taken = reversals(originals, share, already)
        assert all(t >= 0 for t in taken)
        already = [a + t for a, t in zip(already, taken, strict=True)]
        assert all(a <= o for a, o in zip(already, originals, strict=True))
        assert sum(already) <= sum(originals)
