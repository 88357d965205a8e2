from enum import StrEnum

class SupplyOrderStatus(StrEnum):
    CONFIRMED = "confirmed"
    CREATED = "created"

    def __str__(self) -> str:
        return str(self.value)
