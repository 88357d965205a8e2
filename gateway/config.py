"""Gateway settings: upstream timeouts, who is a trusted proxy, token and API-key caching, rate limits, CORS."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, Field, model_validator

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
    # Per route group, a stricter per-IP bucket (login is where guessing happens; anyone may report a visit).
    groups: dict[str, Bucket] = Field(default_factory=lambda: {"auth": Bucket(capacity=10, per_second=0.2),
                                                               "shares": Bucket(capacity=30, per_second=0.5)})


class CorsSettings(BaseModel):
    """Cross-origin calls from browsers (H5 pages, an admin web).  Off while ``allowed_origins`` is empty:
    the mini-program itself is no browser and needs none of it."""

    allowed_origins: list[str] = Field(default_factory=list,
                                       description='Exact origins, e.g. ["https://h5.example.com"]; "*" for any')
    allow_credentials: bool = Field(False, description="Let browsers send cookies (never with '*')")
    allowed_headers: list[str] = Field(default_factory=lambda: [
        "Authorization", "Content-Type", "Idempotency-Key", "X-API-Key", "X-Request-ID", "Accept-Language",
        "If-Match"])
    exposed_headers: list[str] = Field(default_factory=lambda: [
        "X-Request-ID", "Retry-After", "ETag", "Content-Language", "Location"])
    max_age_s: int = Field(600, ge=0, le=86400, description="How long a browser may reuse a preflight's answer")

    @model_validator(mode="after")
    def _no_credentials_for_anyone(self) -> CorsSettings:
        if self.allow_credentials and "*" in self.allowed_origins:
            raise ValueError("CORS with credentials needs exact origins, not '*'")
        return self


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
    cors: CorsSettings = Field(default_factory=CorsSettings)
