from enum import StrEnum

class ProductRole(StrEnum):
    FISSION = "fission"
    PROFIT = "profit"
    REGULAR = "regular"
    SERVICE = "service"
    TRAFFIC = "traffic"

    def __str__(self) -> str:
        return str(self.value)
