"""Settings of the orders service."""

from typing import ClassVar

from pydantic import Field

from common.bus import EventSettings
from common.payments import PaymentSettings
from common.settings import GroupbuySettings


class Settings(GroupbuySettings):
    part_name: ClassVar[str] = "orders"

    events: EventSettings = Field(default_factory=EventSettings)
    payments: PaymentSettings = Field(default_factory=PaymentSettings)
    unpaid_timeout_s: int = Field(1800, ge=5, description="Unpaid orders are cancelled after this")
    complete_after_s: int = Field(7 * 86400, ge=1, description="Delivered orders complete after this")
    after_sales_window_s: int = Field(7 * 86400, ge=1, description="Refunds stay open this long after delivery")
    query_after_s: int = Field(60, ge=1, description="Ask the provider about an order still unpaid after this")
    scheduler_poll_s: float = Field(1.0, gt=0, description="How often deadlines are checked")

    def production_problems(self) -> list[str]:
        return super().production_problems() + self.payments.production_problems()
