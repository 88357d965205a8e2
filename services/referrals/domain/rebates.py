"""Rebate rules: who in the upline earns what from an order, and how a refund takes it back.

- A rule set pays at most ``max_levels`` up the referral tree: 2 by default; 3 is accepted with a
  warning (``RebateRules.warnings``: schemes of three or more paid levels are treated as pyramid
  selling under Chinese criminal law); more, or fewer than 1, is rejected with ``ValueError``.
- ``rates[tree_level][beneficiary_level]`` is a rate in permille: tree level 1 is the buyer's direct
  referrer, 2 that referrer's referrer.  The rate depends on the **beneficiary's own** level; a level
  missing from the table earns nothing.
- ``role_rates[product_role]`` replaces ``rates`` for products of that role; traffic products pay
  nothing unless ``role_rates`` gives them rates of their own.
- ``cap_permille`` caps the total of all levels.  When the levels add up to more, nearer levels are paid
  first and the farthest ones are cut.
- Integer fen only, every division rounds down; beneficiaries who would earn 0 are left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import NamedTuple

PERMILLE = 1000
DEFAULT_MAX_LEVELS = 2
WARNED_MAX_LEVELS = 3
MAX_LEVELS_WARNING = ("max_levels is 3: rebates on three or more levels that pay for recruiting are treated as "
                      "pyramid selling under Chinese criminal law; 2 is the usual setting")

Rates = Mapping[int, Mapping[str, int]]
"""tree level (1 = direct referrer) → beneficiary's own level code → permille."""


def _frozen(rates: Rates) -> Rates:
    return MappingProxyType({int(tree): MappingProxyType(dict(by_level)) for tree, by_level in rates.items()})


def _no_rates() -> Rates:
    return MappingProxyType({})


def _default_role_rates() -> Mapping[str, Rates]:
    return MappingProxyType({"traffic": _no_rates()})


@dataclass(frozen=True)
class RebateRules:
    """A validated rule set (``ValueError`` when invalid)."""

    rates: Rates = field(default_factory=_no_rates)
    cap_permille: int = PERMILLE
    max_levels: int = DEFAULT_MAX_LEVELS
    role_rates: Mapping[str, Rates] = field(default_factory=_default_role_rates)

    def __post_init__(self) -> None:
        if isinstance(self.max_levels, bool) or not isinstance(self.max_levels, int):
            raise ValueError("max_levels is an integer")
        if not 1 <= self.max_levels <= WARNED_MAX_LEVELS:
            raise ValueError(f"max_levels must be between 1 and {WARNED_MAX_LEVELS}, not {self.max_levels}")
        if isinstance(self.cap_permille, bool) or not isinstance(self.cap_permille, int) \
                or not 0 <= self.cap_permille <= PERMILLE:
            raise ValueError("cap_permille must be an integer between 0 and 1000")
        object.__setattr__(self, "rates", _frozen(self.rates))
        object.__setattr__(self, "role_rates", MappingProxyType(
            {"traffic": _no_rates()} | {role: _frozen(table) for role, table in self.role_rates.items()}))
        for table in (self.rates, *self.role_rates.values()):
            for tree_level, by_level in table.items():
                if not 1 <= tree_level <= self.max_levels:
                    raise ValueError(f"a rate for tree level {tree_level} is beyond max_levels {self.max_levels}")
                for level, rate in by_level.items():
                    if isinstance(rate, bool) or not isinstance(rate, int) or not 0 <= rate <= PERMILLE:
                        raise ValueError(f"rate for level {level!r} at tree level {tree_level} must be an "
                                         f"integer permille between 0 and 1000")

    @property
    def warnings(self) -> tuple[str, ...]:
        """What an admin should be told about this (accepted) rule set."""
        return (MAX_LEVELS_WARNING,) if self.max_levels >= WARNED_MAX_LEVELS else ()

    def rate(self, product_role: str, tree_level: int, beneficiary_level: str) -> int:
        table = self.role_rates.get(product_role, self.rates)
        return table.get(tree_level, {}).get(beneficiary_level, 0)


class Upline(NamedTuple):
    """A member of the buyer's upline, nearest first: the user and their own level."""

    user_id: int
    level: str


class Rebate(NamedTuple):
    beneficiary_id: int
    tree_level: int
    amount_fen: int


def rebates(rules: RebateRules, amount_fen: int, upline: Sequence[tuple[int, str]], *,
            product_role: str = "regular") -> list[Rebate]:
    """What each of the first ``max_levels`` of ``upline`` (nearest first: the direct referrer, then theirs…)
    earns from an order of ``amount_fen``; the total never exceeds the cap."""
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int) or amount_fen < 0:
        raise ValueError("amount_fen is a non-negative integer")
    ids = [user_id for user_id, _ in upline]
    if len(set(ids)) != len(ids):
        raise ValueError("the upline names a user twice (a cycle)")
    room = amount_fen * rules.cap_permille // PERMILLE
    paid: list[Rebate] = []
    for tree_level, (user_id, level) in enumerate(upline[:rules.max_levels], start=1):
        amount = min(amount_fen * rules.rate(product_role, tree_level, level) // PERMILLE, room)
        if amount > 0:
            paid.append(Rebate(user_id, tree_level, amount))
            room -= amount
    return paid


def reversals(originals: Sequence[int], refunded: Fraction, already_reversed: Sequence[int] | None = None
              ) -> list[int]:
    """How much of each original amount a refund takes back (positive integers, rounded down).

    ``refunded`` is the share of the order refunded **so far** (cumulative, 0…1), ``already_reversed`` what
    earlier refunds took: then a full refund in several parts takes back exactly the originals, and no
    amount is ever taken back beyond its original."""
    refunded = Fraction(refunded)
    if not 0 <= refunded <= 1:
        raise ValueError("the refunded share is between 0 and 1")
    already = list(already_reversed) if already_reversed is not None else [0] * len(originals)
    if len(already) != len(originals):
        raise ValueError("one already-reversed amount per original")
    taken = []
    for original, before in zip(originals, already, strict=True):
        if original < 0 or before < 0:
            raise ValueError("amounts are non-negative")
        target = original * refunded.numerator // refunded.denominator
        taken.append(max(0, min(target, original) - before))
    return taken
