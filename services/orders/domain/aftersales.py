"""After-sales rules (售后), pure: the reason codes and their labels, what a claim is worth, what is left to
claim, the review's moves, and which claims are approved at once.

- **Reason codes** carry a zh-CN label the mini-program shows, and say whether they are a *quality claim*
  (damaged, quality, wrong item: the supplier's fault, recorded as a chargeback when approved).
- **A claim's amount**: by units (``quantity``: the units' share of what the order finally costs — its
  settled amount once its group closed, else what was paid — rounded down, the whole when every unit is
  claimed) or in fen (``amount_fen``); never more than is left, counting every refund decided and every
  claim still open on the order (``refundable``), so claims filed together can never exceed the payment.
- **Review**: ``pending_review`` → approve / reject / ask (→ ``needs_info``); the buyer's answer puts a
  ``needs_info`` claim back to ``pending_review``; ops may also decide a ``needs_info`` claim directly.
  ``approved`` and ``rejected`` are final.
- **Approved at once** (``triage``), in this order:
  1. the **refund-rate guard**: a buyer whose share of paid orders with a refund of their own asking (in
     the look-back period) is above ``max_refund_rate`` has *everything* reviewed by ops;
  2. a ``return`` is always reviewed (the goods must be back at the pickup point first);
  3. a **shortage the leader already confirmed** (``missing``, no more units than the leader confirmed
     short for this order) is approved whatever its amount;
  4. a **small claim** (``amount ≤ auto_approve_fen``) of a buyer in good standing (under the guard) is
     approved.
  Everything else waits for ops.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    label_zh: str
    label_en: str
    quality_claim: bool  # the supplier's fault: an approved claim records a supplier chargeback


REASONS = MappingProxyType({reason.code: reason for reason in (
    Reason("damaged", "坏果", "damaged on arrival", True),
    Reason("missing", "少件", "fewer units than ordered", False),
    Reason("wrong_item", "错发", "wrong item", True),
    Reason("quality", "质量问题", "quality not as described", True),
    Reason("expired", "临期/过期", "past or near its date", True),
    Reason("changed_mind", "不想要了", "changed mind", False),
    Reason("other", "其他", "other", False),
)})

QUALITY_CLAIMS = frozenset(code for code, reason in REASONS.items() if reason.quality_claim)


class Kind(StrEnum):
    refund_only = "refund_only"  # 仅退款
    return_ = "return"  # 退货退款


class Status(StrEnum):
    pending_review = "pending_review"
    needs_info = "needs_info"
    approved = "approved"
    rejected = "rejected"


class Move(StrEnum):
    approve = "approve"
    reject = "reject"
    ask = "ask"
    answer = "answer"


OPEN = frozenset({Status.pending_review, Status.needs_info})

MOVES = MappingProxyType({
    (Status.pending_review, Move.approve): Status.approved,
    (Status.pending_review, Move.reject): Status.rejected,
    (Status.pending_review, Move.ask): Status.needs_info,
    (Status.needs_info, Move.answer): Status.pending_review,
    (Status.needs_info, Move.approve): Status.approved,
    (Status.needs_info, Move.reject): Status.rejected,
})


class NotAllowed(ValueError):
    """A review move the claim's status does not allow (callers answer 409)."""


def review(status: Status, move: Move) -> Status:
    try:
        return MOVES[(Status(status), Move(move))]
    except KeyError:
        raise NotAllowed(f"a {status} claim cannot take {move}") from None


def claim_value(*, order_fen: int, order_quantity: int, quantity: int) -> int:
    """What ``quantity`` of the order's units are worth: their share of ``order_fen`` (the settled amount
    once known, else the paid amount), rounded down; all of it when every unit is claimed."""
    if not 1 <= quantity <= order_quantity:
        raise ValueError(f"between 1 and {order_quantity} units")
    if quantity == order_quantity:
        return order_fen
    return order_fen * quantity // order_quantity


def refundable(*, paid_fen: int, decided_fen: int, open_claims_fen: int = 0) -> int:
    """What a new claim may still ask for: the payment, less every refund decided and every open claim."""
    return max(0, paid_fen - decided_fen - open_claims_fen)


@dataclass(frozen=True, slots=True)
class Standing:
    """A buyer's record over the look-back period: paid orders, and those with a refund of their own asking
    (a buyer's refund, an approved after-sales claim)."""

    paid_orders: int
    refunded_orders: int

    @property
    def refund_rate(self) -> float:
        return self.refunded_orders / self.paid_orders if self.paid_orders else 0.0


@dataclass(frozen=True, slots=True)
class Policy:
    auto_approve_fen: int = 2000
    max_refund_rate: float = 0.3


@dataclass(frozen=True, slots=True)
class Claim:
    kind: Kind
    reason_code: str
    amount_fen: int
    quantity: int | None = None


@dataclass(frozen=True, slots=True)
class Triage:
    approve: bool
    rule: str | None = None  # the rule that approved it
    review_reason: str | None = None  # why ops must look


def triage(claim: Claim, standing: Standing, policy: Policy, *, confirmed_short_units: int = 0) -> Triage:
    """Approve at once, or send to ops, and say why (see the module's docstring)."""
    if standing.refund_rate > policy.max_refund_rate:
        return Triage(False, review_reason="refund_rate")
    if claim.kind == Kind.return_:
        return Triage(False, review_reason="return")
    if (claim.reason_code == "missing" and claim.quantity is not None
            and 1 <= claim.quantity <= confirmed_short_units):
        return Triage(True, rule="leader_confirmed_shortage")
    if claim.amount_fen <= policy.auto_approve_fen:
        return Triage(True, rule="small_amount")
    return Triage(False, review_reason="amount")
