from enum import StrEnum

class BatchLineOutcome(StrEnum):
    ALREADY_DELIVERED = "already_delivered"
    ALREADY_SHIPPED = "already_shipped"
    DELIVERED = "delivered"
    NOT_READY = "not_ready"
    SHIPPED = "shipped"

    def __str__(self) -> str:
        return str(self.value)
