from enum import StrEnum

class LedgerEntryPublicKind(StrEnum):
    EARN = "earn"
    REVERSE = "reverse"

    def __str__(self) -> str:
        return str(self.value)
