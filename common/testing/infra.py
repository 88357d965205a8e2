"""Databases and Redis for one test run.

By default every run works in a temporary folder: SQLite files and its own ``redis-server`` on a free
port.  ``TEST_DATABASE_URL`` (a PostgreSQL server, e.g. ``postgresql://postgres@127.0.0.1:5432``)
makes the run create its own databases there — one per service and purpose, dropped afterwards —
and ``TEST_REDIS_URL`` makes it use that Redis under a key prefix of its own, deleted afterwards.
``TEST_KEEP_FILES=1`` keeps the run's folder (the processes' logs are in ``logs/``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import make_url

from common.embedded_redis import redis_command
from common.migrations import upgrade
from common.settings import SERVICES


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_ports(count: int) -> list[int]:
    """``count`` distinct ports free now.  Each probe is held until all are chosen: probes closed one by one
    may be given the same port twice, and two parts of a stack on one port meant the second failed to start
    while the first answered in its place (the gateway sent orders' requests to referrals)."""
    with contextlib.ExitStack() as probes:
        sockets = [probes.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


def wait_for_port(port: int, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port} after {timeout_s}s")


def _postgres_url(server_url: str, database: str) -> str:
    url = make_url(server_url).set(drivername="postgresql+asyncpg", database=database)
    return url.render_as_string(hide_password=False)


async def _postgres_admin(server_url: str, statements: list[str]) -> None:
    import asyncpg

    url = make_url(server_url)
    conn = await asyncpg.connect(host=url.host or "127.0.0.1", port=url.port or 5432,
                                 user=url.username or "postgres", password=url.password,
                                 database=url.database or "postgres")
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


@dataclass
class RedisEndpoint:
    url: str
    prefix: str
    process: subprocess.Popen[bytes] | None = None
    port: int | None = None


@dataclass
class TestInfra:
    __test__ = False  # a fixture's value, not a class of tests for pytest to collect

    run_id: str
    tmp: Path
    postgres_server: str | None
    redis: RedisEndpoint
    _databases: list[str] = field(default_factory=list)

    @classmethod
    def start(cls, environ: Mapping[str, str] | None = None) -> TestInfra:
        """``environ`` (the process's environment when left out) gives ``TEST_DATABASE_URL`` and
        ``TEST_REDIS_URL``; a benchmark passes its own to run on each backend in turn."""
        environ = os.environ if environ is None else environ
        run_id = f"{uuid.uuid4().hex[:10]}"
        tmp = Path(tempfile.mkdtemp(prefix=f"groupbuy-test-{run_id}-"))
        redis_url = environ.get("TEST_REDIS_URL")
        prefix = f"gbt:{run_id}:"
        if redis_url:
            redis = RedisEndpoint(url=redis_url, prefix=prefix)
        else:
            redis = start_redis(tmp / "redis", prefix=prefix)
        return cls(run_id=run_id, tmp=tmp, postgres_server=environ.get("TEST_DATABASE_URL") or None,
                   redis=redis)

    @property
    def on_postgres(self) -> bool:
        return self.postgres_server is not None

    def database_template(self, label: str, *, migrate: bool = True) -> str:
        """A ``{service}`` URL template for a fresh set of databases, one per service, migrated.

        Safe to call from async fixtures: the blocking work then runs on a thread of its own."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return self._create_databases(label, migrate=migrate)
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(self._create_databases, label, migrate=migrate).result()

    def _create_databases(self, label: str, *, migrate: bool) -> str:
        if self.postgres_server:
            names = {s: f"gbt_{self.run_id}_{label}_{s}" for s in SERVICES}
            asyncio.run(_postgres_admin(self.postgres_server,
                                        [f'CREATE DATABASE "{n}"' for n in names.values()]))
            self._databases += names.values()
            template = _postgres_url(self.postgres_server, f"gbt_{self.run_id}_{label}_SERVICE").replace(
                "_SERVICE", "_{service}")
        else:
            folder = self.tmp / f"db-{label}"
            folder.mkdir(parents=True, exist_ok=True)
            template = f"sqlite+aiosqlite:///{folder.as_posix()}/{{service}}.db"
        if migrate:
            for service in SERVICES:
                upgrade(service, template.format(service=service))
        return template

    def restart_redis(self) -> None:
        """Stop and start the run's own Redis server on the same port (it keeps no data)."""
        if self.redis.process is None:
            raise RuntimeError("this run uses an external Redis (TEST_REDIS_URL)")
        stop_process(self.redis.process)
        fresh = start_redis(self.tmp / "redis", prefix=self.redis.prefix, port=self.redis.port)
        self.redis.process = fresh.process

    def close(self) -> None:
        if self.redis.process is not None:
            stop_process(self.redis.process)
        else:
            _delete_prefix(self.redis.url, self.redis.prefix)
        if self.postgres_server and self._databases:
            asyncio.run(_postgres_admin(self.postgres_server,
                                        [f'DROP DATABASE IF EXISTS "{n}" WITH (FORCE)' for n in self._databases]))
        if os.environ.get("TEST_KEEP_FILES"):
            print(f"\ntest files kept in {self.tmp}")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)


def start_redis(data_dir: Path, *, prefix: str, port: int | None = None) -> RedisEndpoint:
    port = port or free_port()
    process = subprocess.Popen(redis_command(port=port, data_dir=data_dir, persist=False),  # noqa: S603
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port)
    return RedisEndpoint(url=f"redis://127.0.0.1:{port}/0", prefix=prefix, process=process, port=port)


def stop_process(process: subprocess.Popen[bytes], timeout_s: float = 10.0) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _delete_prefix(url: str, prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    try:
        batch = []
        for name in client.scan_iter(match=f"{prefix}*", count=1000):
            batch.append(name)
            if len(batch) >= 500:
                client.delete(*batch)
                batch.clear()
        if batch:
            client.delete(*batch)
    finally:
        client.close()
