from enum import StrEnum

class TemplateCreateKind(StrEnum):
    FLASH_SALE = "flash_sale"
    LADDER_GROUP = "ladder_group"
    PROMOTION_DAY = "promotion_day"

    def __str__(self) -> str:
        return str(self.value)
