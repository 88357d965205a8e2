from enum import StrEnum

class RulesRequestEarners(StrEnum):
    EVERYONE = "everyone"
    MEMBERS = "members"

    def __str__(self) -> str:
        return str(self.value)
