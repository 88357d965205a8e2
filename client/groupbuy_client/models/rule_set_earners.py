from enum import StrEnum

class RuleSetEarners(StrEnum):
    EVERYONE = "everyone"
    MEMBERS = "members"

    def __str__(self) -> str:
        return str(self.value)
