"""Settings of the orders service."""

from datetime import time
from typing import ClassVar

from pydantic import Field

from common.bus import EventSettings
from common.payments import PaymentSettings
from common.settings import GroupbuySettings
from services.orders.domain.refunds import RetryPolicy


class Settings(GroupbuySettings):
    part_name: ClassVar[str] = "orders"

    events: EventSettings = Field(default_factory=EventSettings)
    payments: PaymentSettings = Field(default_factory=PaymentSettings)
    unpaid_timeout_s: int = Field(1800, ge=5, description="Unpaid orders are cancelled after this")
    complete_after_s: int = Field(7 * 86400, ge=1, description="Delivered orders complete after this")
    after_sales_window_s: int = Field(7 * 86400, ge=1, description="Refunds stay open this long after delivery")
    query_after_s: int = Field(60, ge=1, description="Ask the provider about an order still unpaid after this")
    facts_cache_s: float = Field(1.0, ge=0, le=60, description="How long catalog's activity and SKU facts are "
                                 "reused before asking again (0: every order asks)")
    idempotency_lease_s: float = Field(30.0, gt=0, description="How long a request holds its Idempotency-Key; "
                                       "a retry after that runs again (safely: the key is unique per order)")
    refund_first_retry_s: float = Field(5.0, gt=0, description="A refused refund payout is tried again after "
                                        "this, doubling each time")
    refund_max_retry_s: float = Field(3600.0, gt=0, description="The longest wait between payout tries")
    refund_max_attempts: int = Field(8, ge=1, description="Refusals before a refund is failed (ops retry it)")
    refund_query_after_s: float = Field(60.0, gt=0, description="A refund the provider accepted but has not "
                                        "reported paid is asked about this often (aftersales docs: payout truth)")
    after_sales_auto_approve_fen: int = Field(2000, ge=0, description="After-sales claims up to this are "
                                              "approved at once for a buyer in good standing (0: never)")
    after_sales_max_refund_rate: float = Field(0.3, ge=0, le=1, description="A buyer whose share of paid orders "
                                               "refunded at their asking is above this has every claim reviewed")
    after_sales_rate_days: int = Field(90, ge=1, description="The look-back period of the refund-rate guard")
    scheduler_poll_s: float = Field(1.0, gt=0, description="How often deadlines are checked")
    uncollected_after_s: int = Field(12 * 3600, ge=1, description="A shipped order still waiting at its pickup "
                                     "point this long after it arrived is uncollected (listed, order.uncollected)")
    pickup_code_guesses: int = Field(10, ge=1, description="Wrong pickup codes a caller may enter within the "
                                     "window before being told to wait (429)")
    pickup_code_guess_window_s: int = Field(600, ge=1, description="How long wrong pickup codes are counted, "
                                            "from the last one")

    cutoff_time: time = Field(time(23, 0), description="Each sales day closes at this time (Asia/Shanghai) "
                              "unless ops moved that day's cutoff (supply.py)")
    delivery_lead_days: int = Field(1, ge=0, le=14, description="Orders are delivered this many days after "
                                    "their sales day")

    @property
    def refund_policy(self) -> RetryPolicy:
        return RetryPolicy(first_delay_s=self.refund_first_retry_s, max_delay_s=self.refund_max_retry_s,
                           max_attempts=self.refund_max_attempts)

    def production_problems(self) -> list[str]:
        return super().production_problems() + self.payments.production_problems()
