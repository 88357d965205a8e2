"""The scenarios ``make bench`` runs, each returning its figures as a JSON-ready dict."""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import asdict, dataclass

import httpx

from bench.nginx import WORKER_PROCESSES, Nginx
from bench.wrk import WrkResult, run_wrk
from common.testing.stack import Stack

Say = Callable[[str], None]


def _env_int(name: str, default: int, minimum: int = 1) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {value}")
    return value


@dataclass(frozen=True)
class BenchSettings:
    seconds: int = 10
    warmup_seconds: int = 2
    threads: int = 2
    connections: int = 32

    @classmethod
    def from_env(cls) -> BenchSettings:
        """``BENCH_SECONDS`` (each measurement), ``BENCH_WARMUP_SECONDS``, ``BENCH_THREADS``, ``BENCH_CONNECTIONS``."""
        return cls(seconds=_env_int("BENCH_SECONDS", cls.seconds),
                   warmup_seconds=_env_int("BENCH_WARMUP_SECONDS", cls.warmup_seconds),
                   threads=_env_int("BENCH_THREADS", cls.threads),
                   connections=_env_int("BENCH_CONNECTIONS", cls.connections))


@dataclass
class Context:
    stack: Stack
    tools: dict[str, str]
    settings: BenchSettings
    cleanup: ExitStack  # whatever a scenario starts, it registers here to be stopped even on Ctrl-C
    say: Say = print


def _ratio(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator, 3) if denominator else None


def _fmt(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _preflight(targets: dict[str, str]) -> None:
    """Every target answers the route with 200 and the same JSON, or the figures would compare nothing."""
    bodies = {}
    for name, url in targets.items():
        answer = httpx.get(url, timeout=10)
        if answer.status_code != 200:
            raise RuntimeError(f"{name} answered {url} with {answer.status_code}: {answer.text[:500]}")
        bodies[name] = answer.json()
    first = next(iter(bodies.values()))
    differing = [name for name, body in bodies.items() if body != first]
    if differing:
        raise RuntimeError(f"the targets answer differently ({', '.join(differing)}): {bodies}")


def gateway_overhead(ctx: Context) -> dict[str, object]:
    """One trivial JSON route measured three ways: the service directly, through the gateway, and through
    nginx in front of the same service — so the gateway's cost shows against a plain reverse proxy."""
    service, path = "membership", "/v1/levels"
    s, say = ctx.settings, ctx.say
    nginx = Nginx(binary=ctx.tools["nginx"], upstream_port=ctx.stack.ports[service])
    ctx.cleanup.callback(nginx.stop)
    nginx.start()
    targets = {
        "direct": f"{ctx.stack.url(service)}{path}",
        "gateway": f"{ctx.stack.gateway_url}{path}",
        "nginx": f"{nginx.url}{path}",
    }
    _preflight(targets)

    say(f"\nScenario gateway_overhead: GET {path} ({service}), wrk -t{s.threads} -c{s.connections} "
        f"-d{s.seconds}s --latency, after a {s.warmup_seconds}s warm-up each")
    results: dict[str, WrkResult] = {}
    reports: dict[str, str] = {}
    for name, url in targets.items():
        say(f"  {name:<8} {url}")
        run_wrk(ctx.tools["wrk"], url, seconds=s.warmup_seconds, threads=s.threads, connections=s.connections)
        results[name], reports[name] = run_wrk(ctx.tools["wrk"], url, seconds=s.seconds, threads=s.threads,
                                               connections=s.connections)

    say("")
    say(f"{'target':<10}{'requests/s':>12}{'p50 ms':>10}{'p99 ms':>10}{'errors':>9}")
    for name, r in results.items():
        say(f"{name:<10}{r.requests_per_s:>12.1f}{r.p50_ms:>10.2f}{r.p99_ms:>10.2f}{r.errors:>9}")
    gw, direct, proxy = results["gateway"], results["direct"], results["nginx"]
    ratios = {
        "throughput_gateway_over_direct": _ratio(gw.requests_per_s, direct.requests_per_s),
        "throughput_gateway_over_nginx": _ratio(gw.requests_per_s, proxy.requests_per_s),
        "p99_gateway_over_direct": _ratio(gw.p99_ms, direct.p99_ms),
        "p99_gateway_over_nginx": _ratio(gw.p99_ms, proxy.p99_ms),
    }
    say("\nRatios (gateway ÷ other; requests/s below 1 and p99 above 1 mean the gateway is slower):")
    say(f"  gateway/direct   requests/s {_fmt(ratios['throughput_gateway_over_direct'])}"
        f"   p99 {_fmt(ratios['p99_gateway_over_direct'])}")
    say(f"  gateway/nginx    requests/s {_fmt(ratios['throughput_gateway_over_nginx'])}"
        f"   p99 {_fmt(ratios['p99_gateway_over_nginx'])}")
    failed = [name for name, r in results.items() if r.errors]
    if failed:
        say(f"\nWarning: errors during the runs of {', '.join(failed)} (non-2xx answers or socket errors): "
            "their figures are not comparable.")
    cores = os.cpu_count() or 0
    say(f"\nCaveat: this machine has {cores} cores; wrk ({s.threads} threads), the gateway, the service and "
        "nginx compete for them on one host, so absolute figures are low and noisy — compare the ratios "
        "within one run. Loopback only (127.0.0.1).")
    say(f"Notes: the gateway and the service run as the stack starts them (one uvicorn process each, log level "
        f"INFO); nginx runs {WORKER_PROCESSES} worker with access_log off and keep-alive to the service.")
    return {
        "route": f"GET {path}",
        "service": service,
        "settings": asdict(s),
        "targets": {name: {"url": targets[name], **r.as_dict()} for name, r in results.items()},
        "ratios": ratios,
        "wrk_reports": reports,
    }


SCENARIOS: dict[str, Callable[[Context], dict[str, object]]] = {
    "gateway_overhead": gateway_overhead,
}
