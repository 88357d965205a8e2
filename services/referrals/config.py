"""Settings of the referrals service."""

from typing import ClassVar, Literal

from pydantic import BaseModel, Field, model_validator

from common.bus import EventSettings
from common.payments import PaymentSettings
from common.settings import GroupbuySettings
from services.referrals.domain.rules import RuleSet

BindingMode = Literal["new_users_only", "anytime", "override"]


class BindingSettings(BaseModel):
    """Who may be bound to a referrer, and when (``GROUPBUY_BINDING__MODE``, ``GROUPBUY_BINDING__VALID_DAYS``).

    - ``new_users_only``: only a user with no paid order yet can be bound; the first bind wins;
    - ``anytime``: any user who is not bound yet can be bound; the first bind wins;
    - ``override``: the latest code wins, until the user's first paid order.
    ``valid_days``: a user can be bound only within that many days of their registration (or, when
    referrals never heard of it, of the first time referrals saw them); ``None`` is no limit."""

    mode: BindingMode = "new_users_only"
    valid_days: int | None = Field(default=None, ge=1)


class WithdrawalSettings(BaseModel):
    """``GROUPBUY_WITHDRAWALS__*``: the smallest and largest withdrawal, and the fee (a rate with a floor,
    taken out of the amount).  WeChat Pay asks for the payee's real name above ¥2,000 a transfer, which
    the mini-program does not collect: hence the default maximum."""

    minimum_fen: int = Field(1_000, ge=1)
    maximum_fen: int = Field(200_000, ge=1)
    fee_permille: int = Field(6, ge=0, le=500)
    fee_minimum_fen: int = Field(10, ge=0)
    remark: str = Field("社区团购收益提现", max_length=32)
    confirm_poll_s: float = Field(30.0, gt=0, description="How often a transfer waiting for the user is looked up")

    @model_validator(mode="after")
    def _sane(self) -> "WithdrawalSettings":
        if self.maximum_fen < self.minimum_fen:
            raise ValueError("maximum_fen is below minimum_fen")
        if self.fee_minimum_fen >= self.minimum_fen:
            raise ValueError("the fee floor would take the whole of the smallest withdrawal")
        return self

    def fee_for(self, amount_fen: int) -> int:
        return min(max(amount_fen * self.fee_permille // 1000, self.fee_minimum_fen), amount_fen - 1)


class Settings(GroupbuySettings):
    part_name: ClassVar[str] = "referrals"

    events: EventSettings = Field(default_factory=EventSettings)
    binding: BindingSettings = Field(default_factory=BindingSettings)
    rebates: RuleSet = Field(default_factory=RuleSet,
                             description="The rules before ops publish a version (``GROUPBUY_REBATES__*``)")
    withdrawals: WithdrawalSettings = Field(default_factory=WithdrawalSettings)
    payments: PaymentSettings = Field(default_factory=PaymentSettings)
    scheduler_poll_s: float = Field(2.0, gt=0, description="How often payouts are pushed and checked")

    def production_problems(self) -> list[str]:
        return super().production_problems() + self.payments.production_problems()
