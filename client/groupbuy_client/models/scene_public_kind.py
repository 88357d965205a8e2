from enum import StrEnum

class ScenePublicKind(StrEnum):
    COMMUNITY = "community"
    GROUP = "group"
    PRODUCT = "product"
    REFERRAL = "referral"

    def __str__(self) -> str:
        return str(self.value)
