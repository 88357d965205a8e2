from enum import StrEnum

class AfterSalesListView(StrEnum):
    MINE = "mine"
    STAFF = "staff"

    def __str__(self) -> str:
        return str(self.value)
