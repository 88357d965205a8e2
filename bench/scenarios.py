"""The scenarios ``make bench`` runs, each returning its figures as a JSON-ready dict, and how each
scenario's headline figures compare with the routed read measured in the same run."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass

import httpx

from bench import checkout, events, growth, product, stages, storefront
from bench.cpu import CpuMeter
from bench.nginx import WORKER_PROCESSES, Nginx
from bench.product import env_int
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
    event_rate: int = 100
    event_orders: int = 1000
    growth_groups: int = 20

    @classmethod
    def from_env(cls) -> BenchSettings:
        """``BENCH_SECONDS`` (each measurement), ``BENCH_WARMUP_SECONDS``, ``BENCH_THREADS``, ``BENCH_CONNECTIONS``
        (wrk); ``BENCH_EVENT_RATE`` (orders/s), ``BENCH_EVENT_ORDERS``, ``BENCH_GROWTH_GROUPS`` (N)."""
        return cls(seconds=_env_int("BENCH_SECONDS", cls.seconds),
                   warmup_seconds=_env_int("BENCH_WARMUP_SECONDS", cls.warmup_seconds),
                   threads=_env_int("BENCH_THREADS", cls.threads),
                   connections=_env_int("BENCH_CONNECTIONS", cls.connections),
                   event_rate=_env_int("BENCH_EVENT_RATE", cls.event_rate),
                   event_orders=_env_int("BENCH_EVENT_ORDERS", cls.event_orders),
                   growth_groups=_env_int("BENCH_GROWTH_GROUPS", cls.growth_groups))

    def wrk(self) -> dict[str, int]:
        """What wrk runs with."""
        return {"seconds": self.seconds, "warmup_seconds": self.warmup_seconds, "threads": self.threads,
                "connections": self.connections}


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
        "settings": s.wrk(),
        "targets": {name: {"url": targets[name], **r.as_dict()} for name, r in results.items()},
        "ratios": ratios,
        "wrk_reports": reports,
    }


def _run(coroutine) -> dict[str, object]:
    """The load generator on uvloop, like the servers, so that its own cost per request stays small."""
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvicorn[standard] brings it
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def _meter(ctx: Context) -> CpuMeter:
    services = [part for part in ctx.stack.processes if part != "gateway"]
    return CpuMeter({part: process.pid for part, process in ctx.stack.processes.items()},
                    {part: ctx.stack.url(part) for part in services},
                    {part: ctx.stack.database_template.format(service=part) for part in services})


def _say_cpu(ctx: Context, result: dict, unit: str) -> None:
    """Where the CPU went while the scenario was measured, per order (or attempt) and process."""
    cpu = result.get("cpu") or {}
    per = cpu.get("cpu_ms_per_unit") or {}
    if per:
        parts = ", ".join(f"{label} {ms}" for label, ms in per.items())
        settled = cpu.get("setup_settled_after_s")
        ctx.say(f"  CPU per {unit}: {cpu.get('cpu_ms_per_unit_total')} ms ({parts}); "
                f"{cpu.get('cores_busy')} cores busy; the set-up's aftermath "
                + (f"digested {settled} s before the clock started" if settled is not None else "never quietened")
                + (f"; the load's digested {cpu['load_digested_after_s']} s after it ended (counted)"
                   if cpu.get("load_digested_after_s") is not None else ""))
    statements = cpu.get("statements_per_unit") or {}
    if statements:
        parts = ", ".join(f"{part} {count}" for part, count in statements.items())
        ctx.say(f"  SQL statements per {unit}: {cpu.get('statements_per_unit_total')} ({parts})")
    reads = cpu.get("rows_read_per_unit")
    if reads:
        most = ", ".join(f"{table} {rows}" for table, rows in reads["most_sequential"].items())
        most_by_index = ", ".join(f"{table} {rows}" for table, rows in reads.get("most_by_index", {}).items())
        ctx.say(f"  PostgreSQL rows read per {unit}: {reads['by_index']} by index"
                f"{f' ({most_by_index})' if most_by_index else ''}, {reads['sequential']} "
                f"sequentially{f' ({most})' if most else ''}")


def ladder_join_pay(ctx: Context) -> dict[str, object]:
    """Distinct buyers, five to a building, join their building's ladder group and pay at once."""
    clients, orders = env_int("BENCH_LADDER_CLIENTS", 64), env_int("BENCH_LADDER_ORDERS", 1280)
    ctx.say(f"\nScenario ladder_join_pay: {orders} buyers join and pay, {clients} at a time")
    result = _run(product.ladder_join_and_pay(ctx.stack.gateway_url, clients=clients, orders=orders,
                                              meter=_meter(ctx)))
    ctx.say(f"  {result['orders_per_s']} orders/s, p50 {result['order_p50_ms']} ms, p99 {result['order_p99_ms']} ms"
            f" (create + pay), {result['orders_paid']}/{orders} paid")
    create, pay, rate = result["create"], result["pay"], result["orders_per_s"]
    in_flight = f"; at this rate each of the {clients} buyers is ~{1000 * clients / rate:.0f} ms in flight" \
        " on average (Little's law)" if rate else ""
    ctx.say(f"  create p50 {create.get('p50_ms')} / p99 {create.get('p99_ms')} ms, pay p50 {pay.get('p50_ms')}"
            f" / p99 {pay.get('p99_ms')} ms{in_flight}")
    _say_cpu(ctx, result, "order")
    return result


def flash_burst(ctx: Context) -> dict[str, object]:
    """The 20:00 rush: distinct buyers each try once for a unit of a small flash-sale stock."""
    clients, attempts = env_int("BENCH_FLASH_CLIENTS", 64), env_int("BENCH_FLASH_ATTEMPTS", 10_000)
    stock = env_int("BENCH_FLASH_STOCK", 100)
    ctx.say(f"\nScenario flash_burst: {attempts} buyers try once for {stock} units, {clients} at a time")
    result = _run(product.flash_burst(ctx.stack.gateway_url, clients=clients, attempts=attempts, stock=stock,
                                      meter=_meter(ctx)))
    ctx.say(f"  {result['attempts_per_s']} attempts/s, p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms; "
            f"sold {result['sold']} of {stock} (held after: {result['units_held_after']})")
    won, lost = result.get("won", {}), result.get("lost", {})
    ctx.say(f"  winners p50 {won.get('p50_ms')} ms, p99 {won.get('p99_ms')} ms; "
            f"losers p50 {lost.get('p50_ms')} ms, p99 {lost.get('p99_ms')} ms")
    _say_cpu(ctx, result, "attempt")
    return result


def checkout_vs_orders(ctx: Context) -> dict[str, object]:
    """Checkouts of three lines placed and paid per second against single orders, in the same run."""
    clients, each = env_int("BENCH_CHECKOUT_CLIENTS", 16), env_int("BENCH_CHECKOUT_BUYERS", 200)
    ctx.say(f"\nScenario checkout: {each} single orders, then {each} checkouts of 3 lines, placed and paid, "
            f"{clients} at a time")
    result = _run(checkout.checkouts_vs_orders(ctx.stack.gateway_url, clients=clients, buyers_each=each))
    ctx.say(f"  {result['checkouts_per_s']} checkouts/s ({result['checkout_lines_per_s']} lines/s) vs "
            f"{result['single_orders_per_s']} single orders/s; checkout p99 {result['checkout_p99_ms']} ms")
    return result


def event_lag(ctx: Context) -> dict[str, object]:
    """From ``order.paid`` to the referrer's pending rebate, at a steady order rate."""
    rate, orders = ctx.settings.event_rate, ctx.settings.event_orders
    ctx.say(f"\nScenario event_lag: {orders} bound buyers each place and pay an order, {rate} a second; "
            "lag to the referrer's pending rebate")
    services = [part for part in ctx.stack.processes if part != "gateway"]
    result = _run(events.event_lag(ctx.stack.gateway_url, rate=rate, orders=orders, meter=_meter(ctx),
                                   database_urls={part: ctx.stack.database_template.format(service=part)
                                                  for part in services}))
    ctx.say(f"  lag p50 {_fmt(result['lag_p50_ms'], 1)} ms, p99 {_fmt(result['lag_p99_ms'], 1)} ms, "
            f"max {_fmt(result['lag_max_ms'], 1)} ms; {result['orders_per_s']} orders/s; "
            f"entries found {result['entries_found']}/{result['orders_paid']}")
    if result.get("stages"):
        ctx.say(f"  {stages.describe(result['stages'])}")
    _say_cpu(ctx, result, "order")
    return result


def _storefront(ctx: Context, kind: str, what: str) -> dict[str, object]:
    products = env_int("BENCH_STOREFRONT_PRODUCTS", 10_000)
    clients, requests = env_int("BENCH_STOREFRONT_CLIENTS", 16), env_int("BENCH_STOREFRONT_REQUESTS", 2000)
    ctx.say(f"\nScenario {kind}: {what} over {products} products, {requests} requests, {clients} at a time "
            "(never from the cache)")
    result = _run(storefront.storefront_reads(ctx.stack.gateway_url,
                                              ctx.stack.database_template.format(service="catalog"),
                                              kind=kind, products=products, clients=clients, requests=requests))
    ctx.say(f"  {result['requests_per_s']} req/s, p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms; "
            f"set-up {result['setup_s']} s; statuses {result['statuses']}")
    return result


def search(ctx: Context) -> dict[str, object]:
    """Keyword search (one or two Chinese words) over the whole catalog, first page."""
    return _storefront(ctx, "search", "GET /v1/products?q=…")


def category_listing(ctx: Context) -> dict[str, object]:
    """A top category's products (its children's included), best selling first, first page."""
    return _storefront(ctx, "category_listing", "GET /v1/products?category_id=…&sort=best_selling")


def cost_growth(ctx: Context) -> dict[str, object]:
    """Closing and settling N ladder groups against 10·N, by the scheduler after a clock move."""
    groups = ctx.settings.growth_groups
    ctx.say(f"\nScenario cost_growth: {groups} and {groups * 10} ladder groups closed and settled after a "
            "clock move (runs last: it moves the stack's clock)")
    result = _run(growth.cost_growth(ctx.stack.gateway_url, groups=groups))
    for size in ("small", "large"):
        figures = result[size]
        ctx.say(f"  {figures['groups']:>5} groups: closed in {_fmt(figures['seconds_to_close'])} s, settled in "
                f"{_fmt(figures['seconds_to_settle'])} s from the scheduler's first close, which came "
                f"{_fmt(figures['scheduler_pickup_s'])} s after the move ({figures['refunds_owed']} refunds)")
    ctx.say(f"  t(10N)/t(N) settle {_fmt(result['ratio_settle'])}, close {_fmt(result['ratio_close'])} "
            f"(goal ≤ {result['goal']:g})")
    return result


# In running order: cost_growth moves the stack's clock forward for good, so it comes last.
SCENARIOS: dict[str, Callable[[Context], dict[str, object]]] = {
    "gateway_overhead": gateway_overhead,
    "ladder_join_pay": ladder_join_pay,
    "flash_burst": flash_burst,
    "checkout": checkout_vs_orders,
    "event_lag": event_lag,
    "search": search,
    "category_listing": category_listing,
    "cost_growth": cost_growth,
}


# --- compared with the routed read ------------------------------------------------------------------
# Raw figures follow the machine; compared with the routed read (gateway_overhead's GET /v1/levels
# through the gateway, same run, same backend) they travel better.  A rate is divided by the routed
# read's requests/s; a time is divided by one routed read's share of a second at that rate (so a lag of
# 50 reads means the stack serves 50 routed reads meanwhile).

ROUTED_READ = ("targets", "gateway", "requests_per_s")

# Per scenario: (figure, where it is in the result, "rate" | "ms" | "s" | "ratio").
HEADLINES: dict[str, list[tuple[str, tuple[str, ...], str]]] = {
    "gateway_overhead": [("routed read req/s", ROUTED_READ, "rate"),
                         ("gateway p99 ms", ("targets", "gateway", "p99_ms"), "ms")],
    "ladder_join_pay": [("orders/s", ("orders_per_s",), "rate"), ("order p99 ms", ("order_p99_ms",), "ms")],
    "flash_burst": [("attempts/s", ("attempts_per_s",), "rate"), ("attempt p99 ms", ("p99_ms",), "ms")],
    "checkout": [("checkouts/s", ("checkouts_per_s",), "rate"), ("single orders/s", ("single_orders_per_s",), "rate"),
                 ("checkout p99 ms", ("checkout_p99_ms",), "ms")],
    "event_lag": [("lag p50 ms", ("lag_p50_ms",), "ms"), ("lag p99 ms", ("lag_p99_ms",), "ms"),
                  ("lag max ms", ("lag_max_ms",), "ms"), ("orders/s", ("orders_per_s",), "rate")],
    "search": [("search req/s", ("requests_per_s",), "rate"), ("search p99 ms", ("p99_ms",), "ms")],
    "category_listing": [("listing req/s", ("requests_per_s",), "rate"), ("listing p99 ms", ("p99_ms",), "ms")],
    "cost_growth": [("settle N s", ("small", "seconds_to_settle"), "s"),
                    ("settle 10N s", ("large", "seconds_to_settle"), "s"),
                    ("t(10N)/t(N)", ("ratio_settle",), "ratio"),
                    ("groups settled/s", ("groups_settled_per_s",), "rate")],
}


def _dig(result: dict, path: tuple[str, ...]) -> float | None:
    value: object = result
    for step in path:
        if not isinstance(value, dict):
            return None
        value = value.get(step)
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def routed_ratio(value: float | None, kind: str, routed_per_s: float | None) -> float | None:
    """``value`` against the routed read: rates divided by its requests/s, times in its reads."""
    if value is None or not routed_per_s or kind == "ratio":
        return None
    if kind == "rate":
        return round(value / routed_per_s, 4)
    seconds = value / 1000 if kind == "ms" else value
    return round(seconds * routed_per_s, 1)


def compare_with_routed_read(results: dict[str, dict]) -> dict[str, dict]:
    """Each scenario's result with ``vs_routed_read``: its headline figures and their ratio to the
    routed read of the same run (None when gateway_overhead did not run)."""
    routed = _dig(results.get("gateway_overhead", {}), ROUTED_READ)
    compared = {}
    for name, result in results.items():
        figures = [{"figure": label, "kind": kind, "value": _dig(result, path),
                    "ratio": routed_ratio(_dig(result, path), kind, routed)}
                   for label, path, kind in HEADLINES.get(name, [])]
        compared[name] = {**result, "vs_routed_read": {"routed_read_per_s": routed, "figures": figures}}
    return compared
