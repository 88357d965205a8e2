"""Reading wrk's ``--latency`` report (``bench.wrk.parse_wrk``), on reports captured from real wrk 4.1 runs;
shaping the figures of the event-lag and cost-growth scenarios; the backends, the comparison with the
routed read and the document ``make bench`` writes — all without starting anything."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest

from bench.events import Payment, event_lag_result, instant, lag_figures
from bench.growth import (
    Joined,
    buyers_per_group,
    growth_result,
    pickup_seconds,
    refunds_owed,
    settled,
    size_result,
    tier_price,
)
from bench.loadgen import Tally
from bench.run import (
    Backend,
    backends,
    build_document,
    format_summary,
    profiled_scenario,
    wanted_scenarios,
    yardstick_s,
)
from bench.scenarios import SCENARIOS, compare_with_routed_read, routed_ratio
from bench.wrk import WrkError, parse_wrk, to_ms
from common.testing.stack import ROOT

# `make bench`, GET /v1/levels straight to the membership service.
SERVICE_REPORT = """\
Running 5s test @ http://127.0.0.1:52605/v1/levels
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   171.16ms   29.22ms 296.06ms   77.95%
    Req/Sec    93.90     32.29   151.00     64.95%
  Latency Distribution
     50%  165.72ms
     75%  184.62ms
     90%  202.72ms
     99%  276.54ms
  925 requests in 5.01s, 352.29KB read
Requests/sec:    184.57
Transfer/sec:     70.29KB
"""

# nginx answering a fixed body: microseconds, the 99th percentile in milliseconds.
FAST_REPORT = """\
Running 3s test @ http://127.0.0.1:18781/ok
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   331.57us  618.64us   5.61ms   91.92%
    Req/Sec    42.60k    14.65k   72.46k    56.67%
  Latency Distribution
     50%  158.00us
     75%  279.00us
     90%  651.00us
     99%    3.42ms
  254704 requests in 3.01s, 40.08MB read
Requests/sec:  84718.76
Transfer/sec:     13.33MB
"""

# A server that sometimes waits past wrk's 2 s timeout: seconds (with wrk's trailing space) and socket errors.
SLOW_REPORT = """\
Running 6s test @ http://127.0.0.1:18782/
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   411.23ms  297.09ms   1.40s    85.65%
    Req/Sec    53.33     34.97   150.00     65.59%
  Latency Distribution
     50%  301.36ms
     75%  301.98ms
     90%  733.00ms
     99%    1.40s \n\
  636 requests in 6.02s, 44.72KB read
  Socket errors: connect 0, read 0, write 0, timeout 41
Requests/sec:    105.73
Transfer/sec:      7.43KB
"""

# Every answer a 404.
NOT_FOUND_REPORT = """\
Running 3s test @ http://127.0.0.1:18781/missing
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   480.12us    1.03ms  12.78ms   90.50%
    Req/Sec    41.66k    14.06k   64.72k    44.26%
  Latency Distribution
     50%  137.00us
     75%  276.00us
     90%    1.41ms
     99%    5.09ms
  253169 requests in 3.10s, 74.36MB read
  Non-2xx or 3xx responses: 253169
Requests/sec:  81677.93
Transfer/sec:     23.99MB
"""


def test_service_report_in_milliseconds():
    result = parse_wrk(SERVICE_REPORT)
    assert result.requests_per_s == 184.57
    assert result.p50_ms == pytest.approx(165.72)
    assert result.p99_ms == pytest.approx(276.54)
    assert result.percentiles_ms == pytest.approx({"p50": 165.72, "p75": 184.62, "p90": 202.72, "p99": 276.54})
    assert (result.requests, result.duration_s) == (925, pytest.approx(5.01))
    assert (result.non_2xx, result.socket_errors, result.errors) == (0, 0, 0)


def test_microseconds_become_milliseconds():
    result = parse_wrk(FAST_REPORT)
    assert result.requests_per_s == 84718.76
    assert result.p50_ms == pytest.approx(0.158)
    assert result.percentiles_ms["p90"] == pytest.approx(0.651)
    assert result.p99_ms == pytest.approx(3.42)
    assert result.requests == 254704


def test_seconds_become_milliseconds_and_timeouts_count_as_errors():
    result = parse_wrk(SLOW_REPORT)
    assert result.requests_per_s == 105.73
    assert result.p50_ms == pytest.approx(301.36)
    assert result.p99_ms == pytest.approx(1400.0)
    assert (result.requests, result.duration_s) == (636, pytest.approx(6.02))
    assert (result.non_2xx, result.socket_errors, result.errors) == (0, 41, 41)


def test_non_2xx_answers_count_as_errors():
    result = parse_wrk(NOT_FOUND_REPORT)
    assert result.requests_per_s == 81677.93
    assert (result.p50_ms, result.p99_ms) == (pytest.approx(0.137), pytest.approx(5.09))
    assert (result.non_2xx, result.errors) == (253169, 253169)


@pytest.mark.parametrize(("value", "unit", "ms"), [
    ("812.00", "us", 0.812), ("1.23", "ms", 1.23), ("2.01", "s", 2010.0), ("1.50", "m", 90_000.0),
])
def test_time_units(value, unit, ms):
    assert to_ms(value, unit) == pytest.approx(ms)


def test_a_report_without_latency_distribution_is_refused():
    without_latency = SERVICE_REPORT.split("  Latency Distribution")[0] + "Requests/sec:    184.57\n"
    with pytest.raises(WrkError, match="not a wrk --latency report"):
        parse_wrk(without_latency)
    with pytest.raises(WrkError):
        parse_wrk("unable to connect to 127.0.0.1:1 Connection refused\n")


# --- the scenarios' figures, the backends and the document (pure: nothing started, no timing) ----------

def _payment(order_id: int, answered: str, paid: str) -> Payment:
    return Payment(order_id, instant(paid), instant(answered))


def _entry(order_id: int | None, created: str, *, user_id: int = 7, kind: str = "rebate",
           step: str = "earn") -> dict:
    return {"id": order_id or 0, "user_id": user_id, "kind": kind, "bucket": "pending", "step": step,
            "amount_fen": 600, "order_id": order_id, "tree_level": 1, "withdrawal_id": None, "created_at": created}


def test_event_lag_is_measured_from_the_pay_answer_to_the_first_earning():
    payments = {1: _payment(1, "2026-03-01T12:00:00.100000+00:00", "2026-03-01T12:00:00+00:00"),
                2: _payment(2, "2026-03-01T12:00:01.000000+00:00", "2026-03-01T12:00:01+00:00"),
                3: _payment(3, "2026-03-01T12:00:02.000000+00:00", "2026-03-01T12:00:02+00:00")}
    entries = [_entry(1, "2026-03-01T12:00:00.150000Z"),
               _entry(1, "2026-03-01T12:00:00.900000Z"),           # a later entry of the same order
               _entry(2, "2026-03-01T12:00:01.250000+00:00"),
               _entry(2, "2026-03-01T12:00:01.010000+00:00", step="settle"),  # not the earning
               _entry(3, "2026-03-01T12:00:02.010000+00:00", user_id=8),      # someone else's
               _entry(None, "2026-03-01T12:00:02.010000+00:00", kind="withdrawal")]
    figures = lag_figures(payments, entries, referrer_id=7)
    assert (figures["entries_found"], figures["entries_missing"]) == (2, 1)
    assert figures["lag_ms"] == {"p50": 250.0, "p99": 250.0, "min": 50.0, "max": 250.0}  # nearest rank
    assert (figures["lag_p50_ms"], figures["lag_p99_ms"], figures["lag_max_ms"]) == (250.0, 250.0, 250.0)
    assert figures["lag_from_paid_at_ms"]["max"] == 250.0
    assert figures["lag_from_paid_at_ms"]["min"] == 150.0


def test_event_lag_without_entries_reports_no_lag():
    tally = Tally(started=10.0, finished=12.0)
    payments = {1: _payment(1, "2026-03-01T12:00:00+00:00", "2026-03-01T12:00:00+00:00")}
    result = event_lag_result(payments, [], tally, referrer_id=7, rate=20, planned=5, waited_s=30.0)
    assert (result["orders_planned"], result["orders_paid"], result["orders_per_s"]) == (5, 1, 0.5)
    assert (result["entries_found"], result["entries_missing"]) == (0, 1)
    assert result["lag_p50_ms"] is None and result["lag_ms"]["max"] is None
    assert result["place"] == {"count": 0}
    json.dumps(result)


def _joined(order_id: int, group_id: int, quote: int, buyer: str) -> Joined:
    return Joined(order_id=order_id, group_id=group_id, quote_fen=quote, quantity=1, token=buyer)


def test_growth_groups_have_two_or_three_buyers_and_refunds_follow_the_final_tier():
    assert buyers_per_group(4) == [0, 0, 1, 1, 1, 2, 2, 3, 3, 3]
    assert [tier_price(n) for n in (1, 2, 3, 4, 5, 9)] == [10000, 9000, 8500, 8500, 7500, 7500]
    joined = [_joined(1, 10, 10000, "a"), _joined(2, 10, 9000, "b"),                    # final 9000
              _joined(3, 11, 10000, "c"), _joined(4, 11, 10000, "d"), _joined(5, 11, 8500, "e")]  # final 8500
    assert refunds_owed(joined) == {1: 1000, 2: 0, 3: 1500, 4: 1500, 5: 0}


def test_an_order_is_settled_once_closed_and_refunded_the_difference():
    assert not settled({"settled_amount_fen": None, "amount_fen": 10000, "refunded_fen": 0})
    assert not settled({"settled_amount_fen": 9000, "amount_fen": 10000, "refunded_fen": 0})
    assert settled({"settled_amount_fen": 9000, "amount_fen": 10000, "refunded_fen": 1000})
    assert settled({"settled_amount_fen": 9000, "amount_fen": 9000, "refunded_fen": 0})


def _size(groups: int, to_settle: float | None, refunded: dict[int, int] | None = None, pickup: float = 0.0) -> dict:
    """A size whose work took ``to_settle`` s (half of it to close) once the scheduler picked it up."""
    joined = [_joined(1, 10, 10000, "a"), _joined(2, 10, 9000, "b")]
    return size_result(groups=groups, joined=joined, tally=Tally(started=0.0, finished=1.0), setup_s=1.234,
                       move_ms=12.34, to_close_s=None if to_settle is None else pickup + to_settle / 2,
                       to_settle_s=None if to_settle is None else pickup + to_settle,
                       refunded={1: 1000, 2: 0} if refunded is None else refunded, pickup_s=pickup)


def test_cost_growth_counts_from_the_schedulers_first_close_not_from_the_move():
    # The move came 0.9 s before the scheduler's next look at N groups, 0.05 s before it at 10·N.
    small, large = _size(20, 0.1, pickup=0.9), _size(200, 1.0, pickup=0.05)
    assert (small["seconds_to_settle"], small["seconds_to_close"], small["scheduler_pickup_s"]) == (0.1, 0.05, 0.9)
    assert small["after_move"] == {"seconds_to_close": 0.95, "seconds_to_settle": 1.0}
    assert growth_result(small, large)["ratio_settle"] == 10.0  # 1.05 / 1.0 from the move
    unknown = size_result(groups=20, joined=[], tally=Tally(started=0.0, finished=1.0), setup_s=1.0, move_ms=1.0,
                          to_close_s=0.5, to_settle_s=1.0, refunded={}, pickup_s=None)
    assert unknown["seconds_to_settle"] is None and unknown["after_move"]["seconds_to_settle"] == 1.0


def test_the_first_close_is_placed_on_the_wall_clock_by_the_stacks_time_after_the_move():
    after_move = datetime(2026, 12, 5, 12, 0, 0, tzinfo=UTC)
    confirmed = [after_move + timedelta(seconds=s) for s in (0.8, 0.6, 2)]
    # The move was sent at wall 100.0; its answer and the stack's clock came back by wall 100.05.
    assert pickup_seconds(confirmed, stack_after_move=after_move, wall_after_move=100.05,
                          wall_before_move=100.0) == pytest.approx(0.65)
    assert pickup_seconds([], stack_after_move=after_move, wall_after_move=100.05, wall_before_move=100.0) is None
    early = [after_move - timedelta(seconds=1)]  # a clock read a moment late: never a negative wait
    assert pickup_seconds(early, stack_after_move=after_move, wall_after_move=100.05, wall_before_move=100.0) == 0.0


def test_cost_growth_reports_both_sizes_and_their_ratio_against_the_goal():
    small, large = _size(20, 2.0), _size(200, 15.0)
    assert (small["orders_paid"], small["refunds_owed"], small["refunds_owed_fen"]) == (2, 1, 1000)
    assert small["refunds_not_as_expected"] == [] and small["complete"]
    result = growth_result(small, large)
    assert (result["groups_small"], result["groups_large"]) == (20, 200)
    assert (result["ratio_settle"], result["ratio_close"], result["within_goal"]) == (7.5, 7.5, True)
    assert result["groups_settled_per_s"] == pytest.approx(13.3)
    assert growth_result(small, _size(200, 30.0))["within_goal"] is False
    json.dumps(result)


def test_cost_growth_that_never_settled_has_no_ratio_and_shows_wrong_refunds():
    stuck = _size(200, None, refunded={1: 500})
    assert not stuck["complete"] and stuck["refunds_not_as_expected"] == [1]
    result = growth_result(_size(20, 2.0), stuck)
    assert (result["ratio_settle"], result["within_goal"], result["groups_settled_per_s"]) == (None, None, None)


ROUTED = {"targets": {"gateway": {"requests_per_s": 500.0, "p99_ms": 40.0}}}


def test_each_scenario_is_compared_with_the_routed_read_of_its_run():
    results = {"gateway_overhead": ROUTED, "flash_burst": {"attempts_per_s": 125.0, "p99_ms": 200.0},
               "event_lag": {"lag_p50_ms": 30.0, "lag_p99_ms": None, "lag_max_ms": 90.0, "orders_per_s": 99.5},
               "cost_growth": {"small": {"seconds_to_settle": 1.5}, "large": {"seconds_to_settle": 9.0},
                               "ratio_settle": 6.0, "groups_settled_per_s": 22.2}}
    compared = compare_with_routed_read(results)

    def ratios(name: str) -> dict[str, float | None]:
        assert compared[name]["vs_routed_read"]["routed_read_per_s"] == 500.0
        return {f["figure"]: f["ratio"] for f in compared[name]["vs_routed_read"]["figures"]}

    assert ratios("gateway_overhead") == {"routed read req/s": 1.0, "gateway p99 ms": 20.0}
    assert ratios("flash_burst") == {"attempts/s": 0.25, "attempt p99 ms": 100.0}
    assert ratios("event_lag") == {"lag p50 ms": 15.0, "lag p99 ms": None, "lag max ms": 45.0, "orders/s": 0.199}
    assert ratios("cost_growth") == {"settle N s": 750.0, "settle 10N s": 4500.0, "t(10N)/t(N)": None,
                                     "groups settled/s": 0.0444}
    assert compared["flash_burst"]["attempts_per_s"] == 125.0  # the figures stay as they were


def test_without_the_routed_read_there_is_no_ratio():
    compared = compare_with_routed_read({"flash_burst": {"attempts_per_s": 125.0, "p99_ms": 200.0}})
    figures = compared["flash_burst"]["vs_routed_read"]["figures"]
    assert [f["value"] for f in figures] == [125.0, 200.0]
    assert all(f["ratio"] is None for f in figures)
    assert routed_ratio(3.0, "s", 0.0) is None


def test_backends_follow_the_bench_urls():
    assert backends({}) == [Backend("embedded")]
    assert backends({"BENCH_DATABASE_URL": " "})[0].infra_env() == {"TEST_DATABASE_URL": "", "TEST_REDIS_URL": ""}
    both = backends({"BENCH_DATABASE_URL": "postgresql://postgres@127.0.0.1:5432",
                     "BENCH_REDIS_URL": "redis://127.0.0.1:6379"})
    assert [b.name for b in both] == ["embedded", "postgresql+redis"]
    assert both[1].infra_env() == {"TEST_DATABASE_URL": "postgresql://postgres@127.0.0.1:5432",
                                   "TEST_REDIS_URL": "redis://127.0.0.1:6379"}
    assert both[1].describe() == {"database": "postgresql", "redis": "external"}
    assert backends({"BENCH_REDIS_URL": "redis://127.0.0.1:6379"})[1].name == "sqlite+redis"
    assert backends({"BENCH_DATABASE_URL": "postgresql://x"})[1].name == "postgresql+embedded-redis"


def test_scenarios_are_chosen_by_name_in_running_order():
    assert wanted_scenarios({}) == list(SCENARIOS)
    assert list(SCENARIOS)[-1] == "cost_growth"  # it moves the stack's clock for good
    assert wanted_scenarios({"BENCH_SCENARIOS": "cost_growth, event_lag"}) == ["event_lag", "cost_growth"]
    with pytest.raises(ValueError, match="no such scenario: nonexistent"):
        wanted_scenarios({"BENCH_SCENARIOS": "event_lag,nonexistent"})


def test_the_profile_goes_to_the_hottest_scenario_or_the_one_named():
    every = list(SCENARIOS)
    assert profiled_scenario({}, every) is None
    assert profiled_scenario({"BENCH_PROFILE": "0"}, every) is None
    assert profiled_scenario({"BENCH_PROFILE": "1"}, every) == "flash_burst"
    assert profiled_scenario({"BENCH_PROFILE": "event_lag"}, every) == "event_lag"
    with pytest.raises(ValueError, match="no such scenario"):
        profiled_scenario({"BENCH_PROFILE": "everything"}, every)
    with pytest.raises(ValueError, match="leaves out"):
        profiled_scenario({"BENCH_PROFILE": "1"}, ["event_lag"])


def test_the_document_has_a_section_per_backend_and_a_summary():
    scenarios = compare_with_routed_read({"gateway_overhead": ROUTED, "flash_burst": {"attempts_per_s": 125.0}})
    sections = {"embedded": {"database": "sqlite", "redis": "embedded", "scenarios": scenarios},
                "postgresql+redis": {"database": "postgresql", "redis": "external", "scenarios": scenarios}}
    document = build_document(started_at="2026-03-01T12:00:00+00:00", tools={}, sections=sections)
    assert list(document["backends"]) == ["embedded", "postgresql+redis"]
    rows = document["summary"]
    assert {(r["backend"], r["scenario"]) for r in rows} == {
        (b, s) for b in sections for s in ("gateway_overhead", "flash_burst")}
    flash = next(r for r in rows if r["backend"] == "postgresql+redis" and r["figure"] == "attempts/s")
    assert (flash["value"], flash["ratio"]) == (125.0, 0.25)
    lines = format_summary(rows)
    assert lines[0].split() == ["backend", "scenario", "figure", "value", "vs", "routed", "read"]
    assert any("postgresql+redis" in line and "attempts/s" in line and "0.2500" in line for line in lines)
    assert any("attempt p99 ms" in line and "n/a" in line for line in lines)
    json.dumps(document)


def test_the_document_carries_the_machines_yardstick(monkeypatch):
    # A tenth of the real loop: several milliseconds however fast the machine runs, so that the figure,
    # kept to the millisecond, is never rounded to nothing.
    monkeypatch.setattr("bench.run.YARDSTICK_LOOPS", 300_000)
    measured = yardstick_s(repeats=2)
    assert 0 < measured < 1
    document = build_document(started_at="2026-03-01T12:00:00+00:00", tools={}, sections={},
                              yardstick={"before": measured, "after": measured})
    assert document["machine"]["yardstick_s"] == {"before": measured, "after": measured}
    assert "yardstick_s" not in build_document(started_at="2026-03-01T12:00:00+00:00", tools={},
                                               sections={})["machine"]


def test_an_unknown_scenario_fails_before_anything_starts():
    env = {**os.environ, "BENCH_SCENARIOS": "nonexistent"}
    done = subprocess.run([sys.executable, "-m", "bench"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 2
    assert "BENCH_SCENARIOS names no such scenario: nonexistent" in done.stderr
    assert "Starting the stack" not in done.stdout


def test_cpu_is_counted_per_part_with_its_workers_and_per_order():
    import time

    from bench.cpu import CpuMeter

    spin = ("import subprocess, sys\n"
            "subprocess.Popen([sys.executable, '-c', 'while True: pass']).wait()\n")
    part = subprocess.Popen([sys.executable, "-c", spin])  # a part whose worker process does the work
    try:
        time.sleep(0.3)
        meter = CpuMeter({"orders": part.pid})
        meter.start()
        time.sleep(0.8)
        figures = meter.stop(per=4)
    finally:
        subprocess.run(["pkill", "-P", str(part.pid)], check=False)
        part.kill()
        part.wait()
    assert figures["cpu_s"]["orders"] > 0.3  # the worker's time, charged to its part
    assert figures["cpu_ms_per_unit"]["orders"] == round(figures["cpu_s"]["orders"] * 1000 / 4, 2)
    busy = CpuMeter({})
    busy.start()
    sum(i * i for i in range(2_000_000))
    assert busy.stop()["cpu_s"]["load generator"] > 0.05


def test_what_the_load_set_off_is_counted_until_the_stack_is_quiet():
    """A scenario's orders keep the stack busy after the last answer (their events, in every service):
    ``digest`` waits for that work, which ``stop`` then counts, and the report says how long it took."""
    from types import SimpleNamespace

    from bench.cpu import CpuMeter
    from bench.scenarios import _say_cpu

    # A part still working for 0.6 s after the load (nothing, here) ended, then idle.
    part = subprocess.Popen([sys.executable, "-c", "import time\nend = time.monotonic() + 0.6\n"
                             "while time.monotonic() < end: pass\ntime.sleep(30)"])
    try:
        meter = CpuMeter({"referrals": part.pid})
        meter.start()
        asyncio.run(meter.digest())
        figures = meter.stop(per=2)
    finally:
        part.kill()
        part.wait()
    assert figures["cpu_s"]["referrals"] > 0.3  # counted though it came after the load
    assert figures["load_digested_after_s"] >= 1.0  # one quiet window at least, after the busy one
    said: list[str] = []
    _say_cpu(SimpleNamespace(say=said.append), {"cpu": figures}, "order")
    assert f"the load's digested {figures['load_digested_after_s']} s after it ended" in said[0]


def test_the_clock_waits_until_the_stack_is_quiet_and_gives_up_on_a_busy_one():
    import asyncio

    from bench.cpu import await_quiet

    spin = ("import subprocess, sys, time\n"
            "worker = subprocess.Popen([sys.executable, '-c', 'import time\\nend = time.time() + 1.2\\n"
            "while time.time() < end: pass'])\n"
            "worker.wait(); time.sleep(60)\n")
    part = subprocess.Popen([sys.executable, "-c", spin])  # its worker busy for 1.2 s, then all quiet
    try:
        time.sleep(0.2)
        assert asyncio.run(await_quiet({"orders": part.pid}, window_s=0.3, timeout_s=0.6)) is None
        waited = asyncio.run(await_quiet({"orders": part.pid}, window_s=0.3, timeout_s=10))
    finally:
        subprocess.run(["pkill", "-P", str(part.pid)], check=False)
        part.kill()
        part.wait()
    assert waited is not None and waited < 5


def test_statements_are_read_from_every_engine_of_a_process():
    from bench.cpu import statements_sent

    text = ("# HELP groupbuy_db_statements_total SQL statements sent to the database\n"
            "# TYPE groupbuy_db_statements_total counter\n"
            'groupbuy_db_statements_total{engine="reader"} 120.0\n'
            'groupbuy_db_statements_total{engine="writer"} 3.5e+01\n'
            'groupbuy_db_statements_created{engine="reader"} 1.7e+09\n'
            'groupbuy_http_requests_total{part="orders"} 99.0\n')
    assert statements_sent(text) == 155.0
    assert statements_sent("") == 0.0


# --- the storefront scenarios' requests (pure) ------------------------------------------------------


def test_storefront_products_have_searchable_names_of_their_own():
    from bench.storefront import product_name

    names = [product_name(n) for n in range(600)]
    assert len(set(names)) == len(names)
    assert any("东北大米" in name for name in names)


def test_storefront_requests_are_never_answered_from_the_cache():
    from urllib.parse import parse_qs, urlsplit

    from bench.storefront import KEYWORDS, request_path

    layout = {"tops": [11, 12]}
    paths = [request_path("search", i, layout, "r") for i in range(20)]
    assert len(set(paths)) == len(paths)
    assert parse_qs(urlsplit(paths[1]).query)["q"] == [KEYWORDS[1]]
    listing = parse_qs(urlsplit(request_path("category_listing", 3, layout, "r")).query)
    assert listing["category_id"] == ["12"] and listing["sort"] == ["best_selling"]


def test_rows_read_are_told_per_unit_with_the_tables_read_whole_first():
    from bench.cpu import reads_between

    before = {"orders.purchase_order": (100, 5000), "referrals.referral_user": (0, 10)}
    after = {"orders.purchase_order": (100, 9000), "referrals.referral_user": (64_000, 210),
             "catalog.sku": (2_000, 400)}
    assert reads_between(before, after, per=100) == {
        "sequential": 660.0, "by_index": 46.0,
        "most_sequential": {"referrals.referral_user": 640.0, "catalog.sku": 20.0},
        "most_by_index": {"orders.purchase_order": 40.0, "catalog.sku": 4.0, "referrals.referral_user": 2.0}}


def test_a_table_read_whole_is_counted_on_postgresql(infra):
    import asyncio

    import asyncpg

    from bench.cpu import table_reads

    url = infra.database_template("reads", migrate=False).format(service="orders")
    if not url.startswith("postgresql"):
        assert table_reads({"orders": url}) == {}  # SQLite keeps no such counts
        return
    plain = url.replace("postgresql+asyncpg://", "postgresql://", 1)

    async def run(*statements: str) -> None:
        connection = await asyncpg.connect(plain)  # a backend of its own: its counts are shown as it ends
        try:
            for statement in statements:
                await connection.execute(statement)
        finally:
            await connection.close()

    asyncio.run(run("CREATE TABLE counted (id int)", "INSERT INTO counted SELECT generate_series(1, 500)"))
    before = table_reads({"orders": url})
    asyncio.run(run("SELECT count(*) FROM counted", "SELECT count(*) FROM counted"))
    deadline = time.monotonic() + 5
    while (after := table_reads({"orders": url}))["orders.counted"][0] - before["orders.counted"][0] < 1000:
        assert time.monotonic() < deadline, (before, after)
        time.sleep(0.1)
    assert after["orders.counted"][0] - before["orders.counted"][0] == 1000


def test_where_an_event_waited_is_told_per_stage_on_the_stacks_clock():
    from bench.stages import describe, stage_lags

    since = datetime(2026, 12, 6, 13, 0, tzinfo=UTC)  # the stack's clock, an hour ahead of the host's
    offset = timedelta(hours=1)
    entered = datetime(2026, 12, 6, 12, 0, 5, tzinfo=UTC).timestamp() * 1000  # Redis's clock, the host's
    outbox = [
        ("a", since + timedelta(seconds=5) - timedelta(milliseconds=40), entered),  # relayed after 40 ms
        ("b", "2026-12-06 13:00:04.900000", entered + 100),  # as SQLite keeps it: relayed after 200 ms
        ("c", since - timedelta(seconds=1), entered),  # published before the scenario: left out
        ("d", since + timedelta(seconds=6), None),  # never relayed: left out
    ]
    inboxes = {"referrals": [("a", since + timedelta(seconds=5, milliseconds=30)),  # 30 ms after its entry
                             ("b", since + timedelta(seconds=5, milliseconds=110)),  # 10 ms
                             ("c", since + timedelta(seconds=9))],  # not of the scenario
               "catalog": []}
    stages = stage_lags(outbox, inboxes, since=since, offset=offset)
    # Nearest rank: of two values, the p50 is the second.
    assert stages["relay_ms"] == {"count": 2, "p50": 200.0, "p99": 200.0, "max": 200.0}
    assert stages["consumers_ms"]["referrals"] == {"count": 2, "p50": 30.0, "p99": 30.0, "max": 30.0}
    assert stages["consumers_ms"]["catalog"] == {"count": 0, "p50": None, "p99": None, "max": None}
    line = describe({"event_type": "order.paid", **stages})
    assert "outbox row to stream entry 200 / 200" in line and "referrals 30 / 30" in line and "catalog n/a" in line


def test_where_an_event_waited_is_read_from_the_services_own_databases(infra):
    import asyncio

    import sqlalchemy as sa

    from bench.stages import event_stages
    from common.db import Database
    from services.orders.models import events as orders_events
    from services.referrals.models import events as referrals_events

    template = infra.database_template("stages")
    urls = {service: template.format(service=service) for service in ("orders", "referrals")}
    since = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
    entered = (since + timedelta(seconds=1)).timestamp() * 1000

    async def write() -> None:
        for service, table, row in (
            ("orders", orders_events.outbox, {
                "event_id": "e1", "producer": "orders", "event_type": "order.paid", "aggregate": "1", "envelope": "{}",
                "created_at": since + timedelta(milliseconds=950), "stream_ms": int(entered), "stream_seq": 0}),
            ("orders", orders_events.outbox, {
                "event_id": "e2", "producer": "orders", "event_type": "order.placed", "aggregate": "1",
                "envelope": "{}", "created_at": since, "stream_ms": int(entered), "stream_seq": 1}),
            ("referrals", referrals_events.inbox, {
                "consumer_group": "referrals", "event_id": "e1", "event_type": "order.paid",
                "applied_at": since + timedelta(seconds=1, milliseconds=25)}),
        ):
            database = Database.connect(urls[service], pool_size=1)
            try:
                async with database.writer.begin() as connection:
                    await connection.execute(sa.insert(table).values(**row))
            finally:
                await database.dispose()

    asyncio.run(write())
    stages = event_stages(urls, producer="orders", consumers=["referrals"], event_type="order.paid", since=since,
                          offset=timedelta(0))
    assert stages["relay_ms"] == {"count": 1, "p50": 50.0, "p99": 50.0, "max": 50.0}
    assert stages["consumers_ms"] == {"referrals": {"count": 1, "p50": 25.0, "p99": 25.0, "max": 25.0}}


def test_where_an_event_waited_is_reported_unread_when_a_database_cannot_be_read(tmp_path):
    import asyncio

    from bench.events import _stages
    from bench.stages import describe

    missing = {service: f"sqlite+aiosqlite:///{tmp_path / service}.db"
               for service in ("orders", "referrals", "membership", "catalog")}
    stages = asyncio.run(_stages(missing, since=datetime(2026, 12, 6, tzinfo=UTC), offset=timedelta(0)))
    assert stages["error"].startswith("OperationalError")
    assert describe(stages).startswith("where order.paid waited: not read (OperationalError")
    assert not list(tmp_path.iterdir())  # read-only: nothing was created in looking
