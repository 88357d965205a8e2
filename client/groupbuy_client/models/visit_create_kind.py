from enum import StrEnum

class VisitCreateKind(StrEnum):
    CARD = "card"
    CODE = "code"
    POSTER = "poster"

    def __str__(self) -> str:
        return str(self.value)
