"""A version of the earning rules: rebates up the tree, the leader's commission, the new-member reward.

- ``rates``, ``role_rates``, ``cap_permille``, ``max_levels``: the rebate rules (``rebates.RebateRules``:
  rates by tree level × the beneficiary's own level, per product role, capped in total).
- ``earners``: ``members`` (default) — a beneficiary at the base level (``customer``) earns no rebate and
  no reward; ``everyone`` — every level earns what the tables give it.
- ``leader_rate_permille`` (``leader_role_rates`` per product role): the commission of the leader of the
  community an order is handed out in.  Paid whatever the leader's level: leading is a role ops give.
- ``new_member_reward_fen``: what a referrer gets when a referee's first order is confirmed (times the
  promotion multiplier of that moment).
- Orders of gift packs (they grant a level: buying one is joining) earn no rebate and no reward: rebates
  come from money paid for goods, never from fees for joining.  The leader who hands one out still
  earns the commission.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from services.referrals.domain.ledger import Earnings, Line
from services.referrals.domain.rebates import PERMILLE, RebateRules, rebates

BASE_LEVEL = "customer"
Permille = int
LevelRates = dict[str, Permille]


def _default_rates() -> dict[int, LevelRates]:
    return {1: {"customer": 30, "member": 50, "partner": 100}, 2: {"customer": 10, "member": 20, "partner": 50}}


class RuleSet(BaseModel):
    """Validated on construction (``ValueError``); ``warnings`` lists what an admin must be told."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_levels: int = Field(2, description="Tree levels paid: 2 by default, 3 accepted with a warning")
    cap_permille: Permille = Field(150, ge=0, le=PERMILLE, description="The most all levels together pay")
    rates: dict[int, LevelRates] = Field(default_factory=_default_rates,
                                         description="Tree level (1 = direct referrer) → beneficiary level → ‰")
    role_rates: dict[str, dict[int, LevelRates]] = Field(
        default_factory=lambda: {"traffic": {}},
        description="Rates for products of a role instead of ``rates`` (traffic products pay nothing)")
    earners: Literal["members", "everyone"] = "members"
    leader_rate_permille: Permille = Field(30, ge=0, le=PERMILLE)
    leader_role_rates: dict[str, Permille] = Field(default_factory=dict)
    new_member_reward_fen: int = Field(500, ge=0, le=1_000_000)

    @field_validator("leader_role_rates")
    @classmethod
    def _rates_in_range(cls, value: dict[str, int]) -> dict[str, int]:
        if any(not 0 <= rate <= PERMILLE for rate in value.values()):
            raise ValueError("a leader rate is between 0 and 1000 permille")
        return value

    @model_validator(mode="after")
    def _rebate_rules_valid(self) -> RuleSet:
        self.rebate_rules()  # raises ValueError with the reason
        return self

    def rebate_rules(self) -> RebateRules:
        return RebateRules(rates=self.rates, cap_permille=self.cap_permille, max_levels=self.max_levels,
                           role_rates=self.role_rates)

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.rebate_rules().warnings

    def earns(self, level: str) -> bool:
        return self.earners == "everyone" or level != BASE_LEVEL

    def earnings(self, *, product_role: str, gift_pack: bool, upline: Sequence[tuple[int, str]],
                 leader_id: int | None) -> Earnings:
        """The proportional earnings of an order, given its upline (nearest first, with each member's level
        when the order was paid) and the leader of its community."""
        rules = self.rebate_rules()
        earning_upline = [] if gift_pack else [(user, level if self.earns(level) else "") for user, level in upline]
        leader_rate = self.leader_role_rates.get(product_role, self.leader_rate_permille)

        def earn(amount_fen: int) -> list[tuple[Line, int]]:
            lines = [(Line("rebate", r.beneficiary_id, r.tree_level), r.amount_fen)
                     for r in rebates(rules, amount_fen, earning_upline, product_role=product_role)]
            commission = amount_fen * leader_rate // PERMILLE
            if leader_id is not None and commission > 0:
                lines.append((Line("commission", leader_id), commission))
            return lines

        return earn

    def reward_for(self, referrer_level: str, multiplier: int, *, gift_pack: bool) -> int:
        if gift_pack or not self.earns(referrer_level):
            return 0
        return self.new_member_reward_fen * multiplier
