from enum import StrEnum

class LadderTermsAddressScope(StrEnum):
    BUILDING = "building"
    ESTATE = "estate"
    ROOM = "room"

    def __str__(self) -> str:
        return str(self.value)
