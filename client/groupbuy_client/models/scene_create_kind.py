from enum import StrEnum

class SceneCreateKind(StrEnum):
    COMMUNITY = "community"
    GROUP = "group"
    PRODUCT = "product"
    REFERRAL = "referral"

    def __str__(self) -> str:
        return str(self.value)
