from enum import StrEnum

class ActivityKind(StrEnum):
    FLASH_SALE = "flash_sale"
    LADDER_GROUP = "ladder_group"

    def __str__(self) -> str:
        return str(self.value)
