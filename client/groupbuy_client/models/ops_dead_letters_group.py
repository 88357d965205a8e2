from enum import StrEnum

class OpsDeadLettersGroup(StrEnum):
    CATALOG = "catalog"
    MEMBERSHIP = "membership"
    ORDERS = "orders"
    REFERRALS = "referrals"

    def __str__(self) -> str:
        return str(self.value)
