"""The rebate ledger of one order, planned from what is known about it: pure, no I/O.

An order's earnings go through buckets, each move written as entries (append-only; a balance is the sum
of a user's entries per bucket)::

    order.paid       pending   +a            (a: the earning on the paid amount)
    order.confirmed  pending   -a, frozen +b (b: the earning on the settled amount; a reward lands here)
    order.refunded   frozen    -r            (in proportion to what the refunds took back so far)
    order.completed  frozen    -(b - r), available +(b - r)
    late refund      available -r            (a refund after completion: the balance may go negative)

An order that never confirms (its group failed, or it was refunded in full while its group was
forming) takes its pending amounts back (``pending -a``) and earns nothing.

``plan`` returns **every** entry the known facts call for, each under a key of its own; the caller writes
the ones it has not written yet.  An entry is planned only once everything its amount depends on is
known, so facts arriving twice or in any order end in the same entries:
- refunds are taken in the order of ``total_refunded_fen`` (each refund's running total), and a refund
  is reversed only when every refund before it is known (the running totals join up);
- completion is planned only when the refunds before it are known (``paid - kept`` is the running total
  at completion); refunds after it are late and come out of ``available``;
- a refund that comes before the confirmation waits for it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, NamedTuple

from services.referrals.domain.rebates import reversals

Kind = Literal["rebate", "commission", "reward"]
Bucket = Literal["pending", "frozen", "available"]
REVERSING_REASONS = frozenset({"requested", "ops", "shortage", "supplier_short", "after_sales"})


class Line(NamedTuple):
    """Who earns from an order, and as what (``tree_level`` for a rebate: 1 is the direct referrer)."""

    kind: Kind
    user_id: int
    tree_level: int | None = None


Earnings = Callable[[int], Sequence[tuple[Line, int]]]
"""The proportional earnings (rebates, commission) on an amount in fen: lines that earn more than 0."""


@dataclass(frozen=True)
class RefundFact:
    refund_id: int
    amount_fen: int
    total_refunded_fen: int
    reason: str

    @property
    def reverses(self) -> bool:
        return self.reason in REVERSING_REASONS


@dataclass(frozen=True)
class OrderFacts:
    """What is known of an order.  ``paid_amount_fen`` is None until ``order.paid`` (or a confirmation,
    which repeats it) is known; ``kept_amount_fen`` is set once ``order.completed`` is."""

    order_id: int
    paid_amount_fen: int | None = None
    settled_amount_fen: int | None = None
    kept_amount_fen: int | None = None
    refunds: tuple[RefundFact, ...] = ()
    reward: tuple[int, int] | None = None  # (referrer, fen): the new-member reward riding on this order


@dataclass(frozen=True)
class Planned:
    key: str
    line: Line
    bucket: Bucket
    amount_fen: int
    step: Literal["earn", "settle", "reverse", "complete", "void"]
    refund_id: int | None = None


def _key(order_id: int, line: Line, what: str) -> str:
    return f"o{order_id}:{line.kind}:{line.user_id}:{what}"


def known_in_order(refunds: Sequence[RefundFact]) -> list[RefundFact]:
    """The refunds in the order they happened, up to the first one whose predecessors are not all known."""
    joined, running = [], 0
    for refund in sorted({r.refund_id: r for r in refunds}.values(), key=lambda r: r.total_refunded_fen):
        if running + refund.amount_fen != refund.total_refunded_fen:
            break
        joined.append(refund)
        running = refund.total_refunded_fen
    return joined


def plan(facts: OrderFacts, earnings: Earnings) -> list[Planned]:
    if facts.paid_amount_fen is None:
        return []
    order_id, paid = facts.order_id, facts.paid_amount_fen
    entries: list[Planned] = []
    pending = list(earnings(paid))
    for line, amount in pending:
        entries.append(Planned(_key(order_id, line, "pending"), line, "pending", amount, "earn"))
    refunds = known_in_order(facts.refunds)
    confirmed = facts.settled_amount_fen is not None
    reversed_before_confirming = sum(r.amount_fen for r in refunds if r.reverses)
    failed = any(r.reason == "group_failed" for r in refunds) or reversed_before_confirming >= paid > 0
    if not confirmed and not failed:
        return entries
    for line, amount in pending:  # the pending amounts go, whether the order settles or fails
        entries.append(Planned(_key(order_id, line, "pending_out"), line, "pending", -amount,
                               "settle" if confirmed else "void"))
    if not confirmed:
        return entries
    return entries + _after_confirmation(facts, earnings, refunds)


def _after_confirmation(facts: OrderFacts, earnings: Earnings, refunds: list[RefundFact]) -> list[Planned]:
    order_id, settled = facts.order_id, facts.settled_amount_fen or 0
    entries: list[Planned] = []
    earned: dict[Line, int] = {}
    for line, amount in earnings(settled):
        earned[line] = amount
    if facts.reward is not None and facts.reward[1] > 0:
        earned[Line("reward", facts.reward[0])] = facts.reward[1]
    for line, amount in earned.items():
        entries.append(Planned(_key(order_id, line, "frozen"), line, "frozen", amount, "settle"))
    lines = list(earned)
    taken = dict.fromkeys(lines, 0)
    boundary = None if facts.kept_amount_fen is None else facts.paid_amount_fen - facts.kept_amount_fen
    completed = False
    running, reversing = 0, 0

    def complete() -> None:
        for line in lines:
            left = earned[line] - taken[line]
            if left:
                entries.append(Planned(_key(order_id, line, "complete_out"), line, "frozen", -left, "complete"))
                entries.append(Planned(_key(order_id, line, "complete"), line, "available", left, "complete"))

    for refund in refunds:
        if boundary is not None and not completed and refund.total_refunded_fen > boundary:
            if running != boundary:  # the refunds before completion are not all known
                return entries
            complete()
            completed = True
        running = refund.total_refunded_fen
        if not refund.reverses:
            continue
        reversing += refund.amount_fen
        share = min(Fraction(reversing, settled), Fraction(1)) if settled else Fraction(1)
        for line in lines:
            if line.kind == "reward":
                take = earned[line] - taken[line] if share == 1 else 0
            else:
                take = reversals([earned[line]], share, [taken[line]])[0]
            if take:
                taken[line] += take
                entries.append(Planned(_key(order_id, line, f"reverse{refund.refund_id}"), line,
                                       "available" if completed else "frozen", -take, "reverse",
                                       refund.refund_id))
    if boundary is not None and not completed and running == boundary:
        complete()
    return entries
