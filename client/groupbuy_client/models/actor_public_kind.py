from enum import StrEnum

class ActorPublicKind(StrEnum):
    API_KEY = "api_key"
    SERVICE = "service"
    SYSTEM = "system"
    USER = "user"

    def __str__(self) -> str:
        return str(self.value)
