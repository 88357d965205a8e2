from enum import StrEnum

class LadderTermsBasis(StrEnum):
    PARTICIPANTS = "participants"
    PORTIONS = "portions"

    def __str__(self) -> str:
        return str(self.value)
