"""The user lifecycle (the field's funnel): the ordered stages and the rule that a user only moves forward."""

from __future__ import annotations

from typing import Literal

Stage = Literal["stranger", "onlooker", "participant", "intent", "quasi_buyer", "buyer", "loyal", "spreader",
                "recommender"]

#: Lowest first: a user is at the highest stage any of their events reached.
STAGES: tuple[Stage, ...] = ("stranger", "onlooker", "participant", "intent", "quasi_buyer", "buyer", "loyal",
                             "spreader", "recommender")

#: Where a user stands once they have an account.
REGISTERED: Stage = "onlooker"

#: Paid orders that make a buyer loyal (a repurchase).
LOYAL_AFTER_PAID_ORDERS = 2


def rank(stage: str) -> int:
    """The stage's position in the funnel; an unknown stage is an error."""
    try:
        return STAGES.index(stage)  # type: ignore[arg-type]
    except ValueError:
        raise ValueError(f"unknown stage {stage!r}") from None


def advance(current: str, reached: str) -> str:
    """The stage after an event that reached ``reached``: the higher of the two, never lower."""
    return reached if rank(reached) > rank(current) else current


def after_paid_orders(paid_orders: int) -> Stage:
    """What a number of distinct paid orders reaches: a buyer, loyal from the second one on."""
    if paid_orders <= 0:
        raise ValueError("a paid stage takes at least one paid order")
    return "loyal" if paid_orders >= LOYAL_AFTER_PAID_ORDERS else "buyer"


def steps(current: str, reached: tuple[str, ...] | list[str]) -> list[str]:
    """The stages an event moves a user at ``current`` through, taking ``reached`` in order: each one beyond
    where the user stands by then.  The last is where the user ends; none when the event changes nothing."""
    moved: list[str] = []
    for stage in reached:
        if advance(current, stage) != current:
            current = stage
            moved.append(stage)
    return moved
