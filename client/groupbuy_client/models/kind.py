from enum import StrEnum

class Kind(StrEnum):
    REFUND_ONLY = "refund_only"
    RETURN = "return"

    def __str__(self) -> str:
        return str(self.value)
