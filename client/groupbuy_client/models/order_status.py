from enum import StrEnum

class OrderStatus(StrEnum):
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    CONFIRMED = "confirmed"
    DELIVERED = "delivered"
    PAID = "paid"
    PENDING_PAYMENT = "pending_payment"
    REFUNDED = "refunded"
    SHIPPED = "shipped"

    def __str__(self) -> str:
        return str(self.value)
