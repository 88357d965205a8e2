"""The after-sales rules: claim values, what is left to claim, the review's moves, and triage."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.orders.domain.aftersales import (
    MOVES,
    QUALITY_CLAIMS,
    REASONS,
    Claim,
    Kind,
    Move,
    NotAllowed,
    Policy,
    Standing,
    Status,
    claim_value,
    refundable,
    review,
    triage,
)
from services.orders.domain.pricing import GroupOrder, still_in

GOOD = Standing(paid_orders=10, refunded_orders=1)
POLICY = Policy(auto_approve_fen=2000, max_refund_rate=0.3)


def test_reason_codes_carry_the_labels_the_mini_program_shows() -> None:
    labels = {code: REASONS[code].label_zh for code in ("damaged", "missing", "wrong_item", "quality", "changed_mind")}
    assert labels == {"damaged": "坏果", "missing": "少件", "wrong_item": "错发", "quality": "质量问题",
                      "changed_mind": "不想要了"}
    assert not still_in(GroupOrder(buyer=1, quantity=1, paid=True, refund_reasons=("after_sales",)))
    assert {"damaged", "quality", "wrong_item"} <= QUALITY_CLAIMS
    assert "changed_mind" not in QUALITY_CLAIMS and "missing" not in QUALITY_CLAIMS


@given(st.integers(1, 10**7), st.integers(1, 99), st.data())
def test_a_claims_units_are_worth_their_share_and_all_units_the_whole(order_fen: int, units: int, data) -> None:
    claimed = data.draw(st.integers(1, units))
    worth = claim_value(order_fen=order_fen, order_quantity=units, quantity=claimed)
    assert 0 <= worth <= order_fen
    assert worth * units <= order_fen * claimed  # rounded down: never more than the units' share
    if claimed == units:
        assert worth == order_fen


def test_claiming_no_units_or_more_than_were_bought_is_refused() -> None:
    for quantity in (0, 4):
        with pytest.raises(ValueError):
            claim_value(order_fen=900, order_quantity=3, quantity=quantity)


@given(st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**6))
def test_what_is_left_to_claim_never_lets_claims_exceed_the_payment(paid: int, decided: int, open_: int) -> None:
    left = refundable(paid_fen=paid, decided_fen=min(decided, paid), open_claims_fen=open_)
    assert 0 <= left <= paid - min(decided, paid)
    assert min(decided, paid) + open_ + left <= paid or left == 0


def test_the_review_moves() -> None:
    assert review(Status.pending_review, Move.approve) == Status.approved
    assert review(Status.pending_review, Move.reject) == Status.rejected
    assert review(Status.pending_review, Move.ask) == Status.needs_info
    assert review(Status.needs_info, Move.answer) == Status.pending_review
    assert review(Status.needs_info, Move.approve) == Status.approved
    for final in (Status.approved, Status.rejected):  # one outcome: a decided claim takes no further move
        for move in Move:
            with pytest.raises(NotAllowed):
                review(final, move)
    with pytest.raises(NotAllowed):
        review(Status.pending_review, Move.answer)  # nothing was asked
    assert all(target != Status.pending_review or move == Move.answer for (_, move), target in MOVES.items())


def test_a_small_claim_of_a_buyer_in_good_standing_is_approved_at_once() -> None:
    got = triage(Claim(Kind.refund_only, "damaged", 2000), GOOD, POLICY)
    assert (got.approve, got.rule) == (True, "small_amount")
    got = triage(Claim(Kind.refund_only, "damaged", 2001), GOOD, POLICY)
    assert (got.approve, got.review_reason) == (False, "amount")


def test_a_shortage_the_leader_confirmed_is_approved_whatever_its_amount() -> None:
    claim = Claim(Kind.refund_only, "missing", 50_000, quantity=2)
    assert triage(claim, GOOD, POLICY, confirmed_short_units=2).rule == "leader_confirmed_shortage"
    assert not triage(claim, GOOD, POLICY, confirmed_short_units=1).approve  # more than was confirmed
    assert not triage(Claim(Kind.refund_only, "damaged", 50_000, quantity=2), GOOD, POLICY,
                      confirmed_short_units=2).approve  # a confirmation of short units is not one of damage


def test_a_return_always_waits_for_ops() -> None:
    assert triage(Claim(Kind.return_, "quality", 100), GOOD, POLICY).review_reason == "return"


@given(st.integers(1, 50), st.data(), st.sampled_from(sorted(REASONS)), st.integers(1, 10**6),
       st.integers(0, 5), st.sampled_from(list(Kind)))
def test_a_buyer_above_the_refund_rate_guard_has_everything_reviewed(
        paid: int, data, reason: str, amount: int, short: int, kind: Kind) -> None:
    refunded = data.draw(st.integers(0, paid))
    standing = Standing(paid_orders=paid, refunded_orders=refunded)
    got = triage(Claim(kind, reason, amount, quantity=short or None), standing, POLICY, confirmed_short_units=short)
    if standing.refund_rate > POLICY.max_refund_rate:
        assert not got.approve and got.review_reason == "refund_rate"
    if got.approve:
        assert standing.refund_rate <= POLICY.max_refund_rate and kind == Kind.refund_only
        assert amount <= POLICY.auto_approve_fen or (reason == "missing" and got.rule == "leader_confirmed_shortage")


def test_a_new_buyer_is_in_good_standing() -> None:
    assert Standing(paid_orders=0, refunded_orders=0).refund_rate == 0
    assert triage(Claim(Kind.refund_only, "damaged", 500), Standing(1, 0), POLICY).approve
