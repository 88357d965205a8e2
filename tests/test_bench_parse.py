"""Reading wrk's ``--latency`` report (``bench.wrk.parse_wrk``), on reports captured from real wrk 4.1 runs."""

from __future__ import annotations

import pytest

from bench.wrk import WrkError, parse_wrk, to_ms

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
