from enum import StrEnum

class RefundStatus(StrEnum):
    ABNORMAL = "abnormal"
    CLOSED = "closed"
    FAILED = "failed"
    PAYING = "paying"
    PENDING = "pending"
    SETTLED = "settled"
    SUCCEEDED = "succeeded"

    def __str__(self) -> str:
        return str(self.value)
