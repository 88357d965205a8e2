from enum import StrEnum

class ProductSort(StrEnum):
    BEST_SELLING = "best_selling"
    NEWEST = "newest"
    OLDEST = "oldest"
    PRICE_ASC = "price_asc"
    PRICE_DESC = "price_desc"

    def __str__(self) -> str:
        return str(self.value)
