from enum import StrEnum

class Status(StrEnum):
    APPROVED = "approved"
    NEEDS_INFO = "needs_info"
    PENDING_REVIEW = "pending_review"
    REJECTED = "rejected"

    def __str__(self) -> str:
        return str(self.value)
