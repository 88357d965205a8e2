from enum import StrEnum

class LinkKind(StrEnum):
    ACTIVITY = "activity"
    CATEGORY = "category"
    PRODUCT = "product"
    URL = "url"

    def __str__(self) -> str:
        return str(self.value)
