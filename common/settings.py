"""Settings shared by every process, composed from one block per dependency.

Every variable is read from the environment with the ``GROUPBUY_`` prefix (``.env`` in the working
directory too).  One set of variables configures all five processes: each process picks its own
database from ``GROUPBUY_DATABASE_URL`` by substituting ``{service}``, and finds the others through
the topology block.

Production mode (``GROUPBUY_MODE=production``) refuses to start with a default secret, with dev
login on, with the adjustable clock on, or without an explicit database and Redis.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal

from pydantic import BaseModel, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SERVICES = ("catalog", "orders", "membership", "referrals")
PARTS = (*SERVICES, "gateway")

DEV_INTERNAL_KEY = "dev-internal-key-not-for-production"

DEFAULT_PORTS = {"gateway": 8000, "catalog": 8001, "orders": 8002, "membership": 8003, "referrals": 8004}


class DatabaseSettings(BaseModel):
    """Where a service keeps its tables; ``{service}`` in the URL becomes the service name."""

    url: str = "sqlite+aiosqlite:///{data_dir}/{service}.db"
    pool_size: int | None = Field(None, ge=1, description=(
        "Half the connections each process keeps (PostgreSQL: 2 × this, all open; SQLite: its readers). "
        "None: 3 on PostgreSQL, 10 on SQLite (common.db.DEFAULT_POOL_SIZE)"))
    warm_connections: int | None = Field(None, ge=0, description=(
        "PostgreSQL: connections each process opens at start (none: its whole pool, twice pool_size), so a "
        "burst never waits for new ones"))
    sqlite_busy_timeout_ms: int = Field(15_000, ge=0)
    echo: bool = False
    one_connection_per_task: bool = Field(False, description=(
        "Tests: a task that asks the pool for a connection while it holds one fails at once "
        "(common.db.NestedCheckout) instead of waiting, under load, for one that never comes back"))

    def url_for(self, service: str, data_dir: Path) -> str:
        return self.url.format(service=service, data_dir=data_dir.resolve().as_posix())


class RedisSettings(BaseModel):
    """The Redis server and this deployment's key space within it (every key starts with ``prefix``)."""

    url: str = "redis://127.0.0.1:6390/0"
    prefix: str = "gb:"
    embedded_port: int = Field(6390, ge=1, le=65535)


class HttpSettings(BaseModel):
    """The one pooled client per process."""

    connect_timeout_s: float = Field(2.0, gt=0)
    timeout_s: float = Field(10.0, gt=0)
    max_connections: int = Field(200, ge=1)
    max_keepalive: int = Field(50, ge=1)


class TracingSettings(BaseModel):
    """OpenTelemetry tracing (see ``common/tracing.py``). Off unless enabled or an exporter is named: a part
    then traces its requests, database, Redis and HTTP calls, its relay and its consumers."""

    enabled: bool = False
    exporter: Literal["none", "otlp", "jsonl"] = "none"
    otlp_endpoint: str | None = Field(None, description="OTLP/HTTP traces URL, e.g. http://collector:4318/v1/traces "
                                      "(unset: the OTEL_EXPORTER_OTLP_* variables, else localhost:4318)")
    jsonl_path: str = Field("{data_dir}/traces/{part}.jsonl",
                            description="Where the jsonl exporter appends finished spans; {part} and {data_dir} "
                                        "are filled in")
    sample_ratio: float = Field(1.0, ge=0, le=1, description="Share of new traces kept; a call that arrives "
                                "with a trace follows its caller's decision")
    in_events: bool = Field(True, description="Write the request id and trace context into event envelopes "
                            "(tracing on or off); false while consumers built before those fields still run")

    @property
    def active(self) -> bool:
        """Naming an exporter implies enabled."""
        return self.enabled or self.exporter != "none"

    def jsonl_path_for(self, part: str, data_dir: Path) -> Path:
        return Path(self.jsonl_path.format(part=part, data_dir=data_dir.resolve().as_posix()))


class PartSettings(BaseModel):
    port: int = Field(0, ge=0, le=65535, description="0: the part's default port")
    url: str = ""


class TopologySettings(BaseModel):
    """Where each part listens, and the URL the others use to reach it."""

    bind_host: str = "127.0.0.1"
    gateway: PartSettings = Field(default_factory=PartSettings)
    catalog: PartSettings = Field(default_factory=PartSettings)
    orders: PartSettings = Field(default_factory=PartSettings)
    membership: PartSettings = Field(default_factory=PartSettings)
    referrals: PartSettings = Field(default_factory=PartSettings)

    @model_validator(mode="after")
    def _default_urls(self) -> TopologySettings:
        for name in PARTS:
            part: PartSettings = getattr(self, name)
            part.port = part.port or DEFAULT_PORTS[name]
            if not part.url:
                part.url = f"http://127.0.0.1:{part.port}"
            part.url = part.url.rstrip("/")
        return self

    def part(self, name: str) -> PartSettings:
        return getattr(self, name)


class GroupbuySettings(BaseSettings):
    """Settings every process reads.  A service's own settings subclass this."""

    model_config = SettingsConfigDict(
        env_prefix="GROUPBUY_", env_nested_delimiter="__", env_file=".env", extra="ignore"
    )

    part_name: ClassVar[str] = ""
    owns_database: ClassVar[bool] = True

    mode: Literal["dev", "production"] = "dev"
    data_dir: Path = Path(".data")
    internal_key: str = DEV_INTERNAL_KEY
    log_level: str = "INFO"
    workers: int = Field(1, ge=1, le=32, description="Server processes of this part on one port (each runs its own "
                         "background work, as replicas do)")
    max_body_bytes: int = Field(1_048_576, ge=1024)
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    redis: RedisSettings = Field(default_factory=RedisSettings)
    http: HttpSettings = Field(default_factory=HttpSettings)
    topology: TopologySettings = Field(default_factory=TopologySettings)
    tracing: TracingSettings = Field(default_factory=TracingSettings)

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> GroupbuySettings:
        if self.mode != "production":
            return self
        problems = self.production_problems()
        if problems:
            raise ValueError("refusing to start in production mode: " + "; ".join(problems))
        return self

    def production_problems(self) -> list[str]:
        """What makes these settings unsafe for production; subclasses add their own."""
        found = []
        if self.internal_key == DEV_INTERNAL_KEY or len(self.internal_key) < 32:
            found.append("GROUPBUY_INTERNAL_KEY must be set to a secret of at least 32 characters")
        if self.owns_database and self.database.url.startswith("sqlite"):
            found.append("GROUPBUY_DATABASE__URL must point at PostgreSQL")
        if self.redis.url == RedisSettings().url:
            found.append("GROUPBUY_REDIS__URL must be set")
        return found

    @property
    def dev_mode(self) -> bool:
        return self.mode == "dev"

    @property
    def database_url(self) -> str:
        return self.database.url_for(self.part_name, self.data_dir)

    @property
    def me(self) -> PartSettings:
        return self.topology.part(self.part_name)
