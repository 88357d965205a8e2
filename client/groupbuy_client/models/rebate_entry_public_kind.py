from enum import StrEnum

class RebateEntryPublicKind(StrEnum):
    COMMISSION = "commission"
    REBATE = "rebate"
    REWARD = "reward"
    WITHDRAWAL = "withdrawal"

    def __str__(self) -> str:
        return str(self.value)
