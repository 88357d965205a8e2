from enum import StrEnum

class ProductKind(StrEnum):
    BUNDLE = "bundle"
    SINGLE = "single"

    def __str__(self) -> str:
        return str(self.value)
