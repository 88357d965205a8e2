from enum import StrEnum

class CheckoutStatus(StrEnum):
    CANCELLED = "cancelled"
    PAID = "paid"
    PENDING_PAYMENT = "pending_payment"

    def __str__(self) -> str:
        return str(self.value)
