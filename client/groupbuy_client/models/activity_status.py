from enum import StrEnum

class ActivityStatus(StrEnum):
    CANCELLED = "cancelled"
    ENDED = "ended"
    LIVE = "live"
    SCHEDULED = "scheduled"

    def __str__(self) -> str:
        return str(self.value)
