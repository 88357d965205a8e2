from enum import StrEnum

class RebatesListKindType0(StrEnum):
    COMMISSION = "commission"
    REBATE = "rebate"
    REWARD = "reward"
    WITHDRAWAL = "withdrawal"

    def __str__(self) -> str:
        return str(self.value)
