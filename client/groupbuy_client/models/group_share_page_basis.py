from enum import StrEnum

class GroupSharePageBasis(StrEnum):
    PARTICIPANTS = "participants"
    PORTIONS = "portions"

    def __str__(self) -> str:
        return str(self.value)
