from enum import StrEnum

class ShareSourceKind(StrEnum):
    LEADER_CODE = "leader_code"
    POSTER = "poster"
    SCENE = "scene"
    SHARE_CARD = "share_card"

    def __str__(self) -> str:
        return str(self.value)
