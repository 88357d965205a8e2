"""Running the scenarios: tools checked (and installed), the real stack started on free ports, every
scenario measured, the figures printed and written to ``bench/results/latest.json``; everything that was
started is stopped again, on failure and on Ctrl-C too.

Backends: every scenario runs on the embedded default (SQLite files, an embedded redis-server); when
``BENCH_DATABASE_URL`` (a PostgreSQL server) and/or ``BENCH_REDIS_URL`` are set, all of them run again on
a fresh stack there.  The document has a section per backend, and each scenario's headline figures are
compared with the routed read of the same backend's pass (``bench.scenarios.compare_with_routed_read``).
Before each scenario the stack is left to digest what the previous one left (events, scheduler work)
until its processes idle, so no scenario pays for another's backlog.

``BENCH_SCENARIOS`` (a comma list) runs a subset; ``BENCH_PROFILE=1`` records a CPU profile of every
stack process with py-spy during flash_burst (or during the scenario it names) into ``bench/results/``;
``BENCH_ECHO_SQL=1`` has every service log its SQL (which costs: its figures are not comparable) to
``<data dir>/logs/<part>.log``, kept after the run, to count the statements an order costs.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from types import FrameType

import httpx

from bench.cpu import await_quiet
from bench.scenarios import SCENARIOS, BenchSettings, Context, compare_with_routed_read
from bench.tools import ToolError, ensure_tools, version
from bench.wrk import WrkError
from common.testing.infra import TestInfra
from common.testing.stack import ROOT, Stack

RESULTS = Path(__file__).resolve().parent / "results"

# The gateway's rate limits stay on (their Redis check is part of its cost per request), with buckets
# that no load from this machine can empty: one load generator on one address would be refused otherwise.
_NEVER_EMPTY = '{"capacity": 1000000, "per_second": 100000}'
STACK_ENV = {f"GROUPBUY_RATE_LIMITS__{bucket}": _NEVER_EMPTY for bucket in ("IP", "USER", "API_KEY")} | {
    "GROUPBUY_RATE_LIMITS__GROUPS": f'{{"auth": {_NEVER_EMPTY}}}',
    "GROUPBUY_DEV_LOGIN": "true",  # the scenarios' buyers sign in as the embedded default allows
    "GROUPBUY_JWT__ACCESS_TTL_S": "3600",  # the longest allowed: buyers' tokens outlive cost_growth's clock moves
    "GROUPBUY_DATABASE__ONE_CONNECTION_PER_TASK": "false",  # the tests' check, off as in production
    # Every connection of the pool opened at start, as in production (the tests open a few): more than
    # any pool holds is all of it.
    "GROUPBUY_DATABASE__WARM_CONNECTIONS": "1000",
}
PROFILED_BY_DEFAULT = "flash_burst"  # the hottest path


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


# --- what to run ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Backend:
    """Where the stack keeps its data for one pass: a PostgreSQL server (None: SQLite files) and a Redis
    (None: an embedded redis-server of the pass's own)."""

    name: str
    database_url: str | None = None
    redis_url: str | None = None

    def infra_env(self) -> dict[str, str]:
        """What ``TestInfra.start`` reads, so the pass uses this backend whatever the shell says."""
        return {"TEST_DATABASE_URL": self.database_url or "", "TEST_REDIS_URL": self.redis_url or ""}

    def describe(self) -> dict[str, str]:
        return {"database": "postgresql" if self.database_url else "sqlite",
                "redis": "external" if self.redis_url else "embedded"}


def backends(environ: Mapping[str, str]) -> list[Backend]:
    """The embedded default, and the servers ``BENCH_DATABASE_URL`` / ``BENCH_REDIS_URL`` name."""
    database_url = environ.get("BENCH_DATABASE_URL", "").strip() or None
    redis_url = environ.get("BENCH_REDIS_URL", "").strip() or None
    passes = [Backend("embedded")]
    if database_url or redis_url:
        name = f"{'postgresql' if database_url else 'sqlite'}+{'redis' if redis_url else 'embedded-redis'}"
        passes.append(Backend(name, database_url, redis_url))
    return passes


def wanted_scenarios(environ: Mapping[str, str]) -> list[str]:
    """The scenarios ``BENCH_SCENARIOS`` names (all when unset), in running order; unknown names refused."""
    named = [n.strip() for n in environ.get("BENCH_SCENARIOS", "").split(",") if n.strip()]
    unknown = [n for n in named if n not in SCENARIOS]
    if unknown:
        raise ValueError(f"BENCH_SCENARIOS names no such scenario: {', '.join(unknown)} "
                         f"(known: {', '.join(SCENARIOS)})")
    return [n for n in SCENARIOS if not named or n in named]


def profiled_scenario(environ: Mapping[str, str], wanted: list[str]) -> str | None:
    """The scenario ``BENCH_PROFILE`` asks a CPU profile of: ``1`` the hottest, or one by name."""
    raw = environ.get("BENCH_PROFILE", "").strip()
    if raw.lower() in ("", "0", "no", "false"):
        return None
    name = PROFILED_BY_DEFAULT if raw.lower() in ("1", "yes", "true") else raw
    if name not in SCENARIOS:
        raise ValueError(f"BENCH_PROFILE names no such scenario: {name} (known: {', '.join(SCENARIOS)})")
    if name not in wanted:
        raise ValueError(f"BENCH_PROFILE asks for {name}, which BENCH_SCENARIOS leaves out")
    return name


# --- the CPU profile --------------------------------------------------------------------------------


def ensure_py_spy(say: partial[None]) -> str | None:
    """py-spy beside this Python (pip-installed into the venv when missing); None when it cannot be had."""
    path = Path(sys.executable).parent / "py-spy"
    if not path.exists():
        say("Installing py-spy into the virtual environment for the CPU profile")
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "py-spy"], check=False)
    if not path.exists():
        say("Warning: py-spy could not be installed; no CPU profile is recorded.")
        return None
    return str(path)


PROFILE_SUFFIXES = {"flamegraph": "svg", "raw": "txt", "speedscope": "json"}  # BENCH_PROFILE_FORMAT


class Profiler:
    """py-spy recording each stack process (``--nonblocking``: the process is never paused) while one
    scenario runs; stopping it writes one flamegraph SVG per process."""

    def __init__(self, py_spy: str, folder: Path = RESULTS, profile_format: str = "flamegraph") -> None:
        self.py_spy, self.folder = py_spy, folder
        self.format = profile_format if profile_format in PROFILE_SUFFIXES else "flamegraph"
        self.recorders: dict[Path, subprocess.Popen[bytes]] = {}

    def start(self, processes: Mapping[str, subprocess.Popen[bytes]], label: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for part, process in processes.items():
            output = self.folder / f"profile-{label}-{part}.{PROFILE_SUFFIXES[self.format]}"
            self.recorders[output] = subprocess.Popen(  # noqa: S603
                [self.py_spy, "record", "--pid", str(process.pid), "--output", str(output), "--format",
                 self.format, "--rate", "100", "--nonblocking"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self) -> list[Path]:
        """Stop every recorder (SIGINT: py-spy writes its file then); the files that were written."""
        for recorder in self.recorders.values():
            if recorder.poll() is None:
                recorder.send_signal(signal.SIGINT)
        for recorder in self.recorders.values():
            try:
                recorder.wait(timeout=60)
            except subprocess.TimeoutExpired:
                recorder.kill()
                recorder.wait()
        written = [path for path in self.recorders if path.exists()]
        self.recorders.clear()
        return written


# --- measuring --------------------------------------------------------------------------------------


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


def _await_quiet_stack(processes: Mapping[str, subprocess.Popen[bytes]]) -> float | None:
    """Wait until the stack has digested what the previous scenario left (``bench.cpu.await_quiet``)."""
    return asyncio.run(await_quiet({part: process.pid for part, process in processes.items()}))


@dataclass
class Plan:
    """What one ``make bench`` runs: the scenarios, on which backends, which one profiled."""

    settings: BenchSettings
    scenarios: list[str]
    backends: list[Backend]
    profiled: str | None = None
    py_spy: str | None = None


def _run_scenario(ctx: Context, plan: Plan, backend: Backend, name: str) -> dict:
    profiler = (Profiler(plan.py_spy, profile_format=os.environ.get("BENCH_PROFILE_FORMAT", "flamegraph"))
                if plan.py_spy and name == plan.profiled else None)
    quiet_after_s = _await_quiet_stack(ctx.stack.processes)
    if quiet_after_s is None:
        ctx.say("Warning: the stack was still busy a minute after the previous scenario.")
    busy = _check_busy(ctx.say)
    if profiler is not None:
        ctx.cleanup.callback(profiler.stop)
        profiler.start(ctx.stack.processes, f"{backend.name}-{name}")
    result = {**SCENARIOS[name](ctx), "stack_quiet_after_s": quiet_after_s, "cpu_busy_before": busy}
    if profiler is not None:
        written = profiler.stop()
        ctx.say(f"  CPU profile (py-spy, every stack process): {', '.join(p.name for p in written) or 'none written'}")
        result["profile_files"] = [str(p.relative_to(ROOT)) for p in written]
    return result


def _measure(backend: Backend, plan: Plan, tools: dict[str, str], cleanup: ExitStack, say: partial[None]) -> dict:
    """One pass: a fresh stack on ``backend``, every planned scenario on it, then the stack stopped."""
    described = backend.describe()
    say(f"\n=== Backend {backend.name}: {described['database']}, {described['redis']} Redis ===")
    say("Starting the stack (four services and the gateway) on free ports")
    stopping = ExitStack()
    cleanup.push(stopping)  # on failure or Ctrl-C, stopped with everything else
    infra = TestInfra.start(backend.infra_env())
    stopping.callback(infra.close)
    echo = os.environ.get("BENCH_ECHO_SQL", "").strip() not in ("", "0")
    extra = STACK_ENV | ({"GROUPBUY_DATABASE__ECHO": "true"} if echo else {})
    stack = Stack(infra=infra, database_template=infra.database_template("bench"), extra_env=extra)
    stopping.callback(stack.stop)
    stack.start()
    say(f"  ready: gateway {stack.gateway_url}, data in {infra.tmp}")
    if echo:
        os.environ["TEST_KEEP_FILES"] = "1"  # the logs are what the run is for: infra.close keeps them
        say("  SQL logged (BENCH_ECHO_SQL): figures not comparable; logs kept in the data dir")
    ctx = Context(stack=stack, tools=tools, settings=plan.settings, cleanup=stopping, say=say)
    results = {name: _run_scenario(ctx, plan, backend, name) for name in plan.scenarios}
    stopping.close()  # the next pass gets the cores to itself
    return {**described, "scenarios": compare_with_routed_read(results)}


# --- the summary ------------------------------------------------------------------------------------


def summary_rows(sections: dict[str, dict]) -> list[dict[str, object]]:
    """One row per headline figure of each scenario on each backend, with its ratio to the routed read."""
    return [{"backend": backend, "scenario": scenario, **figure}
            for backend, section in sections.items()
            for scenario, result in section["scenarios"].items()
            for figure in result.get("vs_routed_read", {}).get("figures", [])]


def _cell(value: object, digits: int) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def format_summary(rows: list[dict[str, object]]) -> list[str]:
    """The summary table's lines: figure, value and its ratio to the routed read."""
    lines = [f"{'backend':<26}{'scenario':<18}{'figure':<20}{'value':>12}{'vs routed read':>16}"]
    for row in rows:
        lines.append(f"{row['backend']:<26}{row['scenario']:<18}{row['figure']:<20}"
                     f"{_cell(row['value'], 2):>12}{_cell(row['ratio'], 4 if row['kind'] == 'rate' else 1):>16}")
    lines.append("vs routed read: a rate ÷ the routed read's req/s; a time in routed reads served meanwhile.")
    return lines


YARDSTICK_LOOPS = 3_000_000


def yardstick_s(repeats: int = 3) -> float:
    """Seconds a fixed pure-Python loop takes on one core, the best of ``repeats``: how fast the machine
    runs Python at the moment. These machines have slow phases (a whole run a third slower, nginx
    included); two runs' figures compare only as far as their yardsticks agree."""
    best = float("inf")
    for _ in range(repeats):
        started, total = time.perf_counter(), 0
        for i in range(YARDSTICK_LOOPS):
            total += i * i
        best = min(best, time.perf_counter() - started)
    return round(best, 3)


def build_document(*, started_at: str, tools: dict[str, str], sections: dict[str, dict],
                   yardstick: dict[str, float] | None = None) -> dict[str, object]:
    return {
        "started_at": started_at,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "machine": {"cpu_count": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version(),
                    **({"yardstick_s": yardstick} if yardstick is not None else {})},
        "tools": {name: version(path, "-v") for name, path in tools.items()},
        "backends": sections,
        "summary": summary_rows(sections),
    }


# --- the command ------------------------------------------------------------------------------------


def plan_from_env(environ: Mapping[str, str]) -> Plan:
    """What to run, from ``BENCH_*``; a ValueError says what is wrong before anything starts."""
    scenarios = wanted_scenarios(environ)
    return Plan(settings=BenchSettings.from_env(), scenarios=scenarios, backends=backends(environ),
                profiled=profiled_scenario(environ, scenarios))


def _stop_everything(cleanup: ExitStack, previous_term: object) -> None:
    # Stopping must not be cut short by a second Ctrl-C.
    previous_int = signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        cleanup.close()
    finally:
        signal.signal(signal.SIGINT, previous_int)
        signal.signal(signal.SIGTERM, previous_term)  # type: ignore[arg-type]


def main() -> int:
    say = partial(print, flush=True)
    try:
        plan = plan_from_env(os.environ)
    except ValueError as exc:
        say(f"bench: {exc}", file=sys.stderr)
        return 2
    try:
        tools = ensure_tools(("nginx", "wrk") if "gateway_overhead" in plan.scenarios else (), say=say)
    except ToolError as exc:
        say(f"bench: {exc}\nbench: nginx and wrk are needed; nothing was measured.", file=sys.stderr)
        return 1
    if plan.profiled:
        plan.py_spy = ensure_py_spy(say)
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    yardstick = {"before": yardstick_s()}
    say(f"Yardstick: a fixed Python loop takes {yardstick['before']} s on one core now (best of 3)")
    previous_term = signal.signal(signal.SIGTERM, _interrupt)
    cleanup = ExitStack()
    try:
        sections = {backend.name: _measure(backend, plan, tools, cleanup, say) for backend in plan.backends}
    except KeyboardInterrupt:
        say("\nbench: interrupted; stopping everything it started", file=sys.stderr)
        return 130
    except (RuntimeError, TimeoutError, WrkError, httpx.HTTPError, OSError) as exc:
        say(f"\nbench failed: {exc}", file=sys.stderr)
        return 1
    finally:
        _stop_everything(cleanup, previous_term)
    yardstick["after"] = yardstick_s()
    document = build_document(started_at=started_at, tools=tools, sections=sections, yardstick=yardstick)
    say(f"\nYardstick: {yardstick['before']} s before, {yardstick['after']} s after (a fixed Python loop, best of 3;"
        " compare runs' figures only as far as their yardsticks agree)")
    say("\nSummary")
    for line in format_summary(document["summary"]):  # type: ignore[arg-type]
        say(f"  {line}")
    say(f"\nFigures written to {write_results(document).relative_to(ROOT)}")
    return 0
