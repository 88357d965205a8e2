from enum import StrEnum

class WithdrawalPublicStatus(StrEnum):
    APPROVED = "approved"
    AWAITING_CONFIRMATION = "awaiting_confirmation"
    FAILED = "failed"
    PAID = "paid"
    PAYING = "paying"
    PENDING_REVIEW = "pending_review"
    REJECTED = "rejected"

    def __str__(self) -> str:
        return str(self.value)
