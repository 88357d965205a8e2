"""The real processes — four services and the gateway — started on free ports for one test run, talking
real HTTP, with their logs in the run's folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from common.settings import PARTS
from common.testing.infra import TestInfra, free_port, free_ports, stop_process

ROOT = Path(__file__).resolve().parents[2]
MODULES = {part: ("gateway" if part == "gateway" else f"services.{part}") for part in PARTS}


@dataclass
class Stack:
    infra: TestInfra
    database_template: str
    extra_env: dict[str, str] = field(default_factory=dict)
    part_env: dict[str, dict[str, str]] = field(default_factory=dict)  # settings of one part only
    ports: dict[str, int] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.ports = self.ports or dict(zip(PARTS, free_ports(len(PARTS)), strict=True))

    @property
    def gateway_url(self) -> str:
        return self.url("gateway")

    def url(self, part: str) -> str:
        return f"http://127.0.0.1:{self.ports[part]}"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GROUPBUY_")}
        env.update({
            "GROUPBUY_MODE": "dev",
            "GROUPBUY_DATA_DIR": str(self.infra.tmp / "data"),
            "GROUPBUY_DATABASE__URL": self.database_template,
            "GROUPBUY_REDIS__URL": self.infra.redis.url,
            "GROUPBUY_REDIS__PREFIX": self.infra.redis.prefix,
            "GROUPBUY_LOG_LEVEL": "INFO",
            "GROUPBUY_DATABASE__ONE_CONNECTION_PER_TASK": "true",  # a second connection per task fails the test
            # A few opened at start, not the whole pool: every stack a test starts stays within a PostgreSQL
            # server's hundred connections.
            "GROUPBUY_DATABASE__WARM_CONNECTIONS": "2",
            "PYTHONUNBUFFERED": "1",
        })
        for part, port in self.ports.items():
            env[f"GROUPBUY_TOPOLOGY__{part.upper()}__PORT"] = str(port)
        env.update(self.extra_env)
        return env

    def log_path(self, part: str) -> Path:
        return self.infra.tmp / "logs" / f"{part}.log"

    def start_part(self, part: str) -> None:
        self.log_path(part).parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path(part).open("ab")
        self.processes[part] = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", MODULES[part]], cwd=ROOT, env=self.env() | self.part_env.get(part, {}),
            stdout=log, stderr=log
        )
        log.close()

    def start(self, timeout_s: float = 60.0) -> Stack:
        for part in PARTS:
            self.start_part(part)
        self.wait_ready(timeout_s)
        return self

    def start_extra_gateway(self, name: str, extra_env: dict[str, str]) -> tuple[str, subprocess.Popen[bytes]]:
        """A second gateway in front of the same services, with other settings (e.g. tight limits)."""
        port = free_port()
        env = self.env() | extra_env | {"GROUPBUY_TOPOLOGY__GATEWAY__PORT": str(port)}
        log = (self.infra.tmp / "logs" / f"{name}.log").open("ab")
        process = subprocess.Popen([sys.executable, "-m", "gateway"], cwd=ROOT, env=env,
                                   stdout=log, stderr=log)
        log.close()
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    return url, process
            except httpx.HTTPError:
                time.sleep(0.1)
        stop_process(process)
        raise TimeoutError(f"{name} did not start")

    def wait_ready(self, timeout_s: float = 60.0) -> None:
        deadline = time.monotonic() + timeout_s
        last = "no answer"
        while time.monotonic() < deadline:
            for part, process in self.processes.items():
                if process.poll() is not None:
                    raise RuntimeError(f"{part} exited with {process.returncode}:\n{self.tail(part)}")
            try:
                answer = httpx.get(f"{self.gateway_url}/readyz", timeout=2)
                if answer.status_code == 200 and all(p.poll() is None for p in self.processes.values()):
                    return
                last = answer.text
            except httpx.HTTPError as exc:
                last = repr(exc)
            time.sleep(0.2)
        raise TimeoutError(f"the stack was not ready within {timeout_s}s: {last}")

    def kill(self, part: str, sig: int = signal.SIGKILL) -> None:
        """Send a signal to one part; for a fatal one, wait until it is gone."""
        process = self.processes[part]
        process.send_signal(sig)
        if sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT):
            process.wait(timeout=10)

    def troubles(self, lines: int = 15) -> str:
        """The last warnings and errors each part logged (its JSON lines, and anything not JSON, a traceback's
        say): what a failing end-to-end test reports beside its assertion, since the logs go with the run."""
        found = []
        for part in PARTS:
            path = self.log_path(part)
            if not path.exists():
                continue
            kept = [line for line in path.read_text(errors="replace").splitlines()
                    if (line.strip() and not line.startswith('{"ts"')) or '"level": "warning"' in line
                    or '"level": "error"' in line or '"level": "critical"' in line]
            if kept:
                found.append(f"--- {part} ---\n" + "\n".join(line[:2000] for line in kept[-lines:]))
        return "\n".join(found)

    def tail(self, part: str, lines: int = 40) -> str:
        path = self.log_path(part)
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    def stop(self) -> None:
        for process in self.processes.values():
            stop_process(process)
        self.processes.clear()
