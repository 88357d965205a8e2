from enum import StrEnum

class RefundLineState(StrEnum):
    APPROVED = "approved"
    FAILED = "failed"
    PAID = "paid"
    PAYING = "paying"
    REJECTED = "rejected"
    REQUESTED = "requested"

    def __str__(self) -> str:
        return str(self.value)
