"""The arithmetic of growth and points, apart from storage.

- Growth: 1 point per whole yuan of an order's settled amount (``settled_amount_fen // 100``).
- Points: growth × the buyer's level rate, in thousandths, rounded down (``points_rate_permille``:
  1000 = 1 point per growth point, 1500 = 1.5).
- A refund reverses in proportion to what it paid back: ``earned × amount_fen // settled_amount_fen``
  (rounded down), never more than what is left of the order's earning.
"""

from __future__ import annotations

PERMILLE = 1000
FEN_PER_YUAN = 100
REVERSING_REASONS = frozenset({"requested", "ops", "shortage", "supplier_short", "after_sales"})


def growth_for(settled_amount_fen: int) -> int:
    return max(settled_amount_fen, 0) // FEN_PER_YUAN


def points_for(growth: int, rate_permille: int) -> int:
    return growth * rate_permille // PERMILLE


def reversal(earned: int, *, refund_fen: int, settled_fen: int, already_reversed: int) -> int:
    """How much of ``earned`` a refund of ``refund_fen`` takes back (a non-negative amount)."""
    if earned <= 0 or settled_fen <= 0 or refund_fen <= 0:
        return 0
    proportional = earned * refund_fen // settled_fen
    return max(0, min(proportional, earned - already_reversed))
