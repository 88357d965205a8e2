from enum import StrEnum

class SupplyGetPurchaseOrderFormatType0(StrEnum):
    CSV = "csv"
    JSON = "json"

    def __str__(self) -> str:
        return str(self.value)
