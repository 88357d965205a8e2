"""Settings of the membership service: WeChat login, token keys, dev login, the first staff accounts,
partners' webhooks."""

from __future__ import annotations

from typing import ClassVar, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, model_validator

from common.bus import EventSettings
from common.settings import GroupbuySettings


class WeChatSettings(BaseModel):
    """The mini-program's credentials and where WeChat's server API lives (a local fake in tests and
    ``make run``; production refuses anything but https on a public host)."""

    base_url: str = "https://api.weixin.qq.com"
    appid: str = "wx-dev-appid"
    secret: str = "wx-dev-secret"  # noqa: S105 - the refused default
    timeout_s: float = Field(5.0, gt=0)
    env_version: Literal["release", "trial", "develop"] = Field(
        "release", description="The build mini-program codes open: trial builds for testers")
    token_refresh_margin_s: float = Field(300.0, ge=0, description="Refresh the server access token this long "
                                          "before WeChat says it ends")


class SigningKey(BaseModel):
    kid: str = Field(min_length=1, max_length=64)
    private_key_pem: str


class JwtSettings(BaseModel):
    """Access tokens are EdDSA (Ed25519) JWTs.  ``keys``: the first signs, all are published in the
    JWKS, so a new key can be put first while tokens signed by the old one are still live.  With no keys
    configured, dev mode makes one and keeps it in the data folder; production refuses to start."""

    keys: list[SigningKey] = Field(default_factory=list)
    issuer: str = "groupbuy-membership"
    audience: str = "groupbuy"
    access_ttl_s: int = Field(900, ge=60, le=3600)
    refresh_ttl_s: int = Field(30 * 86400, ge=3600)


DEV_WEBHOOK_SECRET_KEY = "dev-webhook-secret-key-not-for-production"  # noqa: S105 - the refused default


class WebhookSettings(BaseModel):
    """Outbound webhooks (``GROUPBUY_WEBHOOKS__...``): how deliveries are sent, retried and kept.

    ``secret_keys`` encrypt the subscriptions' signing secrets at rest (``services.membership.secret_box``):
    the first seals, all open; production refuses the dev default."""

    secret_keys: list[str] = Field(default_factory=lambda: [DEV_WEBHOOK_SECRET_KEY], min_length=1)
    timeout_s: float = Field(5.0, gt=0, le=60, description="Longest wait for a receiver's answer, all included")
    max_concurrency: int = Field(16, ge=1, le=256, description="Deliveries in flight at once, per process")
    max_in_flight_per_subscription: int = Field(2, ge=1, description="So one slow receiver cannot take every slot")
    retry_initial_s: float = Field(30.0, gt=0, description="Wait after the first failed attempt; doubles each time")
    retry_max_delay_s: float = Field(3600.0, gt=0, description="Cap of the wait between attempts")
    retry_window_s: float = Field(3 * 86400.0, gt=0, description="How long a delivery is tried before it fails")
    poll_interval_s: float = Field(1.0, gt=0, description="How often the dispatcher looks for due deliveries")
    retention_s: float = Field(30 * 86400.0, gt=0, description="How long finished deliveries stay in the log")
    max_subscriptions_per_key: int = Field(20, ge=1)


def _public_https(url: str) -> bool:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    local = host in ("localhost", "") or host.startswith(("127.", "10.", "192.168.", "0.")) or host == "::1"
    return parts.scheme == "https" and not local


class ReachSettings(BaseModel):
    """Subscription messages (``GROUPBUY_REACH__...``): the template of each scene, quiet hours, retries.

    ``templates`` maps a scene (``domain.reach.SCENES``) to the template id registered in the mini-program's
    admin console; a scene with no template is never sent (its messages are logged ``no_consent``, with the
    reason).  In dev mode the scenes left out get the local stand-in's ids (``tmpl-<scene>``)."""

    templates: dict[str, str] = Field(default_factory=dict)
    quiet_start_hour: int = Field(22, ge=0, le=23, description="Asia/Shanghai hour quiet hours begin")
    quiet_end_hour: int = Field(8, ge=0, le=23, description="Asia/Shanghai hour quiet hours end")
    poll_interval_s: float = Field(1.0, gt=0, description="How often the sender looks for due messages")
    retry_initial_s: float = Field(30.0, gt=0, description="Wait after the first failed send; doubles each time")
    retry_max_delay_s: float = Field(1800.0, gt=0)
    retry_window_s: float = Field(86400.0, gt=0, description="How long a send is retried before it fails")
    max_concurrency: int = Field(8, ge=1, le=64)
    miniprogram_state: Literal["formal", "trial", "developer"] = "formal"


DEV_SCENES = ("group_tier", "group_succeeded", "group_failed", "order_arrived", "order_uncollected",
               "refund_paid", "order_shipped", "rebate_credited", "withdrawal_paid")


class Settings(GroupbuySettings):
    part_name: ClassVar[str] = "membership"

    events: EventSettings = Field(default_factory=EventSettings)

    wechat: WeChatSettings = Field(default_factory=WeChatSettings)
    jwt: JwtSettings = Field(default_factory=JwtSettings)
    dev_login: bool = Field(False, description="POST /v1/auth/dev-login; embedded default only")
    ops_openids: list[str] = Field(default_factory=list, description="openids that hold the ops role")
    admin_openids: list[str] = Field(default_factory=list, description="openids that hold the admin role")
    webhooks: WebhookSettings = Field(default_factory=WebhookSettings)
    reach: ReachSettings = Field(default_factory=ReachSettings)

    def production_problems(self) -> list[str]:
        found = super().production_problems()
        if self.dev_login:
            found.append("GROUPBUY_DEV_LOGIN must be off")
        if not self.jwt.keys:
            found.append("GROUPBUY_JWT__KEYS must hold at least one signing key")
        if self.wechat.secret == WeChatSettings().secret or self.wechat.appid == WeChatSettings().appid:
            found.append("GROUPBUY_WECHAT__APPID and GROUPBUY_WECHAT__SECRET must be set")
        if not _public_https(self.wechat.base_url):
            found.append("GROUPBUY_WECHAT__BASE_URL must be WeChat's https address, not a local stand-in")
        if any(key == DEV_WEBHOOK_SECRET_KEY or len(key) < 32 for key in self.webhooks.secret_keys):
            found.append("GROUPBUY_WEBHOOKS__SECRET_KEYS must hold secrets of at least 32 characters")
        if any(template.startswith("tmpl-") for template in self.reach.templates.values()):
            found.append("GROUPBUY_REACH__TEMPLATES must name the mini-program's registered template ids")
        return found

    @model_validator(mode="after")
    def _dev_templates(self) -> Settings:
        """In dev mode, scenes without a template use the local WeChat stand-in's (``tmpl-<scene>``)."""
        if self.dev_mode:
            self.reach.templates = {scene: f"tmpl-{scene}" for scene in DEV_SCENES} | self.reach.templates
        return self
