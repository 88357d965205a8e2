from enum import StrEnum

class GroupStatus(StrEnum):
    FAILED = "failed"
    OPEN = "open"
    SUCCEEDED = "succeeded"

    def __str__(self) -> str:
        return str(self.value)
