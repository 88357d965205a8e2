"""Running the scenarios: tools checked (and installed), the real stack started on free ports, every
scenario measured, the figures printed and written to ``bench/results/latest.json``; everything that was
started is stopped again, on failure and on Ctrl-C too."""

from __future__ import annotations

import json
import os
import platform
import signal
import subprocess
import sys
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from types import FrameType

import httpx

from bench.scenarios import SCENARIOS, BenchSettings, Context
from bench.tools import ToolError, ensure_tools, version
from bench.wrk import WrkError
from common.testing.infra import TestInfra
from common.testing.stack import ROOT, Stack

RESULTS = Path(__file__).resolve().parent / "results"

# The gateway's rate limits stay on (their Redis check is part of its cost per request), with buckets
# that no load from this machine can empty: one load generator on one address would be refused otherwise.
_NEVER_EMPTY = '{"capacity": 1000000, "per_second": 100000}'
STACK_ENV = {f"GROUPBUY_RATE_LIMITS__{bucket}": _NEVER_EMPTY for bucket in ("IP", "USER", "API_KEY")}


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def _commit() -> str | None:
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True,  # noqa: S607
                              timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or None


def write_results(document: dict[str, object], folder: Path = RESULTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "latest.json"
    path.write_text(json.dumps(document, indent=2) + "\n")
    return path


def _cpu_times() -> tuple[int, int]:
    """Idle and total jiffies of all cores, from /proc/stat."""
    fields = [int(n) for n in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return fields[3] + fields[4], sum(fields)  # idle + iowait


def _check_busy(say: partial[None], window_s: float = 1.0) -> float | None:
    """How busy the cores are while the stack idles, just before measuring (0 to 1), with a warning when
    other work would skew the figures.  A load average would also count the stack's own start."""
    try:
        idle_0, total_0 = _cpu_times()
        time.sleep(window_s)
        idle_1, total_1 = _cpu_times()
    except (OSError, ValueError, IndexError):
        return None
    busy = 1 - (idle_1 - idle_0) / max(1, total_1 - total_0)
    if busy >= 0.25:
        say(f"Warning: the machine is busy ({busy:.0%} of its CPU in use before measuring); other work running "
            "now skews the figures.")
    return round(busy, 3)


def _measure(tools: dict[str, str], settings: BenchSettings, cleanup: ExitStack, say: partial[None]) -> dict:
    say("Starting the stack (four services, the gateway, an embedded redis-server) on free ports")
    infra = TestInfra.start()
    cleanup.callback(infra.close)
    stack = Stack(infra=infra, database_template=infra.database_template("bench"), extra_env=STACK_ENV)
    cleanup.callback(stack.stop)
    stack.start()
    say(f"  ready: gateway {stack.gateway_url}, data in {infra.tmp}")
    ctx = Context(stack=stack, tools=tools, settings=settings, cleanup=cleanup, say=say)
    results = {}
    for name, scenario in SCENARIOS.items():
        busy = _check_busy(say)
        results[name] = {**scenario(ctx), "cpu_busy_before": busy}
    return results


def main() -> int:
    say = partial(print, flush=True)
    try:
        settings = BenchSettings.from_env()
    except ValueError as exc:
        say(f"bench: {exc}", file=sys.stderr)
        return 2
    try:
        tools = ensure_tools(say=say)
    except ToolError as exc:
        say(f"bench: {exc}\nbench: nginx and wrk are needed; nothing was measured.", file=sys.stderr)
        return 1
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    previous_term = signal.signal(signal.SIGTERM, _interrupt)
    cleanup = ExitStack()
    try:
        scenarios = _measure(tools, settings, cleanup, say)
    except KeyboardInterrupt:
        say("\nbench: interrupted; stopping everything it started", file=sys.stderr)
        return 130
    except (RuntimeError, TimeoutError, WrkError, httpx.HTTPError) as exc:
        say(f"\nbench failed: {exc}", file=sys.stderr)
        return 1
    finally:
        # Stopping must not be cut short by a second Ctrl-C.
        previous_int = signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        try:
            cleanup.close()
        finally:
            signal.signal(signal.SIGINT, previous_int)
            signal.signal(signal.SIGTERM, previous_term)
    document = {
        "started_at": started_at,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "machine": {"cpu_count": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version()},
        "tools": {"nginx": version(tools["nginx"], "-v"), "wrk": version(tools["wrk"], "-v")},
        "scenarios": scenarios,
    }
    say(f"\nFigures written to {write_results(document).relative_to(ROOT)}")
    return 0
