from enum import StrEnum

class OrderKind(StrEnum):
    FLASH = "flash"
    LADDER = "ladder"
    REGULAR = "regular"

    def __str__(self) -> str:
        return str(self.value)
