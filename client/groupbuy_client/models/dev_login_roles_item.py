from enum import StrEnum

class DevLoginRolesItem(StrEnum):
    ADMIN = "admin"
    CUSTOMER = "customer"
    LEADER = "leader"
    OPS = "ops"

    def __str__(self) -> str:
        return str(self.value)
