"""The rebate ledger planned from an order's facts (pure): buckets, reversals, completion, and the same
entries whatever order the facts arrive in."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from services.referrals.domain.ledger import Line, OrderFacts, RefundFact, plan
from services.referrals.domain.rules import RuleSet

C, B, LEADER = Line("rebate", 3, 1), Line("rebate", 2, 2), Line("commission", 9)


def earnings(amount: int) -> list[tuple[Line, int]]:
    """10 % to the direct referrer, 5 % to theirs, 3 % to the leader."""
    return [(line, amount * rate // 1000) for line, rate in ((C, 100), (B, 50), (LEADER, 30)) if amount * rate // 1000]


def totals(entries) -> dict[tuple[int, str], int]:
    found: dict[tuple[int, str], int] = {}
    for entry in entries:
        key = (entry.line.user_id, entry.bucket)
        found[key] = found.get(key, 0) + entry.amount_fen
    return {key: value for key, value in found.items() if value}


def test_paid_then_confirmed_then_completed_moves_the_money_through_the_buckets() -> None:
    paid = OrderFacts(order_id=1, paid_amount_fen=10_000)
    assert totals(plan(paid, earnings)) == {(3, "pending"): 1_000, (2, "pending"): 500, (9, "pending"): 300}
    settled = replace(paid, settled_amount_fen=8_000,
                      refunds=(RefundFact(1, 2_000, 2_000, "group_settled"),))
    assert totals(plan(settled, earnings)) == {(3, "frozen"): 800, (2, "frozen"): 400, (9, "frozen"): 240}
    done = replace(settled, kept_amount_fen=8_000)
    assert totals(plan(done, earnings)) == {(3, "available"): 800, (2, "available"): 400, (9, "available"): 240}


def test_refunds_take_back_in_proportion_and_a_late_refund_comes_out_of_available() -> None:
    facts = OrderFacts(order_id=2, paid_amount_fen=10_000, settled_amount_fen=10_000,
                       refunds=(RefundFact(5, 2_500, 2_500, "requested"),), kept_amount_fen=7_500)
    assert totals(plan(facts, earnings)) == {(3, "available"): 750, (2, "available"): 375, (9, "available"): 225}
    late = replace(facts, refunds=(*facts.refunds, RefundFact(6, 7500, 10000, "ops")))
    entries = plan(late, earnings)
    assert totals(entries) == {}
    assert [e.amount_fen for e in entries if e.refund_id == 6] == [-750, -375, -225]
    assert {e.bucket for e in entries if e.refund_id == 6} == {"available"}


def test_an_order_that_never_confirms_takes_its_pending_amounts_back() -> None:
    failed = OrderFacts(order_id=3, paid_amount_fen=10_000, refunds=(RefundFact(7, 10_000, 10_000, "group_failed"),))
    assert totals(plan(failed, earnings)) == {}
    left = OrderFacts(order_id=4, paid_amount_fen=10_000, refunds=(RefundFact(8, 10_000, 10_000, "requested"),))
    assert totals(plan(left, earnings)) == {}
    assert {e.step for e in plan(left, earnings)} == {"earn", "void"}


def test_a_refund_whose_predecessor_is_unknown_waits_and_so_does_completion() -> None:
    second_only = OrderFacts(order_id=5, paid_amount_fen=10_000, settled_amount_fen=10_000,
                             refunds=(RefundFact(12, 1_000, 3_000, "requested"),), kept_amount_fen=7_000)
    assert not [e for e in plan(second_only, earnings) if e.step in ("reverse", "complete")]
    both = replace(second_only, refunds=(*second_only.refunds, RefundFact(11, 2000, 2000, "requested")))
    assert totals(plan(both, earnings)) == {(3, "available"): 700, (2, "available"): 350, (9, "available"): 210}


def test_the_reward_rides_with_the_order_and_goes_only_with_a_full_refund() -> None:
    facts = OrderFacts(order_id=6, paid_amount_fen=10_000, settled_amount_fen=10_000, reward=(3, 500),
                       refunds=(RefundFact(20, 5_000, 5_000, "requested"),), kept_amount_fen=5_000)
    assert totals(plan(facts, earnings))[(3, "available")] == 500 + 500
    full = replace(facts, refunds=(*facts.refunds, RefundFact(21, 5000, 10000, "ops")))
    assert totals(plan(full, earnings)) == {}


FACTS = OrderFacts(order_id=7, paid_amount_fen=12_345, settled_amount_fen=11_111, kept_amount_fen=11_111 - 4_000,
                   reward=(3, 1_000),
                   refunds=(RefundFact(30, 1_234, 1_234, "group_settled"), RefundFact(31, 1_000, 2_234, "requested"),
                            RefundFact(32, 3_000, 5_234, "ops"), RefundFact(33, 2_000, 7_234, "ops")))
# what arrives: the payment, the confirmation, each refund, the completion — each possibly twice
ARRIVALS = ["paid", "confirmed", "completed", *[r.refund_id for r in FACTS.refunds]]


def facts_after(seen: set) -> OrderFacts:
    known = OrderFacts(order_id=FACTS.order_id)
    if "paid" in seen or "confirmed" in seen:
        known = replace(known, paid_amount_fen=FACTS.paid_amount_fen)
    if "confirmed" in seen:
        known = replace(known, settled_amount_fen=FACTS.settled_amount_fen, reward=FACTS.reward)
    if "completed" in seen:
        known = replace(known, kept_amount_fen=FACTS.kept_amount_fen)
    return replace(known, refunds=tuple(r for r in FACTS.refunds if r.refund_id in seen))


@settings(max_examples=300, deadline=None)
@given(st.permutations(ARRIVALS + ARRIVALS).flatmap(lambda order: st.just(order)))
def test_any_order_of_arrival_with_duplicates_writes_the_same_entries(order: list) -> None:
    written: dict[str, int] = {}
    seen: set = set()
    for arrival in order:
        seen.add(arrival)
        for entry in plan(facts_after(seen), earnings):
            written.setdefault(entry.key, entry.amount_fen)
    expected = {entry.key: entry.amount_fen for entry in plan(FACTS, earnings)}
    assert written == expected
    balances = totals(plan(FACTS, earnings))
    assert set(bucket for _, bucket in balances) <= {"available"}


@given(st.integers(1, 10**7), st.integers(0, 10**7))
def test_reversals_never_take_back_more_than_was_earned(paid: int, refund: int) -> None:
    refund = min(refund, paid)
    facts = OrderFacts(order_id=8, paid_amount_fen=paid, settled_amount_fen=paid, kept_amount_fen=paid - refund,
                       refunds=(RefundFact(40, refund, refund, "requested"),) if refund else ())
    for (_user, bucket), total in totals(plan(facts, earnings)).items():
        assert bucket == "available" and 0 <= total


def test_rules_pay_by_the_beneficiarys_own_level_and_members_only_by_default() -> None:
    rules = RuleSet()
    earn = rules.earnings(product_role="regular", gift_pack=False, leader_id=None,
                          upline=[(3, "member"), (2, "partner"), (1, "partner")])
    assert earn(10_000) == [(Line("rebate", 3, 1), 500), (Line("rebate", 2, 2), 500)]
    customer_first = rules.earnings(product_role="regular", gift_pack=False, leader_id=None,
                                    upline=[(3, "customer"), (2, "member")])
    assert customer_first(10_000) == [(Line("rebate", 2, 2), 200)]
    everyone = RuleSet(earners="everyone").earnings(product_role="regular", gift_pack=False, leader_id=None,
                                                    upline=[(3, "customer")])
    assert everyone(10_000) == [(Line("rebate", 3, 1), 300)]
    gift = rules.earnings(product_role="regular", gift_pack=True, leader_id=9, upline=[(3, "partner")])
    assert gift(10_000) == [(Line("commission", 9), 300)]
    traffic = rules.earnings(product_role="traffic", gift_pack=False, leader_id=None, upline=[(3, "partner")])
    assert traffic(10_000) == []
