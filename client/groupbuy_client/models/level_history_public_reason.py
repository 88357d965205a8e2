from enum import StrEnum

class LevelHistoryPublicReason(StrEnum):
    BUNDLE = "bundle"
    GROWTH = "growth"
    MANUAL = "manual"
    REFERRALS = "referrals"

    def __str__(self) -> str:
        return str(self.value)
