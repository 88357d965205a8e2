from enum import StrEnum

class ApiKeyCreateScopesItem(StrEnum):
    CATALOGREAD = "catalog:read"
    CATALOGWRITE = "catalog:write"
    MEMBERSHIPREAD = "membership:read"
    ORDERSREAD = "orders:read"
    ORDERSWRITE = "orders:write"
    REFERRALSREAD = "referrals:read"
    WEBHOOKSMANAGE = "webhooks:manage"

    def __str__(self) -> str:
        return str(self.value)
