"""Gateway settings: upstream timeouts, who is a trusted proxy, token and API-key caching, rate limits."""

from typing import ClassVar

from pydantic import BaseModel, Field

from common.settings import GroupbuySettings


class Bucket(BaseModel):
    """A token bucket: ``capacity`` requests at once, refilled at ``per_second``."""

    capacity: int = Field(ge=1)
    per_second: float = Field(gt=0)


class RateLimitSettings(BaseModel):
    enabled: bool = True
    ip: Bucket = Bucket(capacity=300, per_second=50)
    user: Bucket = Bucket(capacity=120, per_second=20)
    api_key: Bucket = Bucket(capacity=600, per_second=100)
    # Per route group, a stricter per-IP bucket (login is where guessing happens).
    groups: dict[str, Bucket] = Field(default_factory=lambda: {"auth": Bucket(capacity=10, per_second=0.2)})


class Settings(GroupbuySettings):
    part_name: ClassVar[str] = "gateway"
    owns_database: ClassVar[bool] = False

    upstream_timeout_s: float = Field(10.0, gt=0, description="Longest wait for a service's answer")
    upstream_connect_timeout_s: float = Field(1.0, gt=0)
    readiness_timeout_s: float = Field(2.0, gt=0)
    trusted_proxies: list[str] = Field(default_factory=list,
                                       description="CIDRs of proxies whose X-Forwarded-For is believed")
    api_key_cache_s: float = Field(10.0, ge=0, description="How long a verified API key is trusted unchecked")
    jwks_min_refresh_s: float = Field(5.0, ge=0, description="Least time between JWKS fetches on unknown kids")
    rate_limits: RateLimitSettings = Field(default_factory=RateLimitSettings)
