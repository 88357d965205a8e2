"""Running wrk and reading its ``--latency`` report."""

from __future__ import annotations

import re
import subprocess
from dataclasses import asdict, dataclass

TIME_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_TIME = r"([0-9]+(?:\.[0-9]+)?)(us|ms|s|m|h)"
_PERCENTILE = re.compile(rf"^\s*([0-9]+(?:\.[0-9]+)?)%\s+{_TIME}\s*$", re.MULTILINE)
_REQUESTS_PER_S = re.compile(r"^Requests/sec:\s+([0-9]+(?:\.[0-9]+)?)\s*$", re.MULTILINE)
_TOTAL = re.compile(rf"^\s*([0-9]+) requests in {_TIME}", re.MULTILINE)
_NON_2XX = re.compile(r"^\s*Non-2xx or 3xx responses:\s+([0-9]+)\s*$", re.MULTILINE)
_SOCKET_ERRORS = re.compile(
    r"^\s*Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)\s*$", re.MULTILINE)


class WrkError(RuntimeError):
    """wrk failed, or printed something that is not a ``--latency`` report."""


@dataclass(frozen=True)
class WrkResult:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    percentiles_ms: dict[str, float]
    requests: int
    duration_s: float
    non_2xx: int
    socket_errors: int

    @property
    def errors(self) -> int:
        return self.non_2xx + self.socket_errors

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "errors": self.errors}


def to_ms(value: str, unit: str) -> float:
    """A wrk time (``812.00us``, ``1.23ms``, ``2.01s``, ``1.00m``) in milliseconds."""
    return float(value) * TIME_UNITS_MS[unit]


def parse_wrk(output: str) -> WrkResult:
    """Requests/s, the latency percentiles and the error counts of a ``wrk --latency`` report."""
    rate = _REQUESTS_PER_S.search(output)
    percentiles = {f"p{float(p):g}": to_ms(value, unit) for p, value, unit in _PERCENTILE.findall(output)}
    if rate is None or "p50" not in percentiles or "p99" not in percentiles:
        raise WrkError(f"not a wrk --latency report:\n{output}")
    total = _TOTAL.search(output)
    non_2xx = _NON_2XX.search(output)
    socket_errors = _SOCKET_ERRORS.search(output)
    return WrkResult(
        requests_per_s=float(rate.group(1)),
        p50_ms=percentiles["p50"],
        p99_ms=percentiles["p99"],
        percentiles_ms=percentiles,
        requests=int(total.group(1)) if total else 0,
        duration_s=to_ms(total.group(2), total.group(3)) / 1000 if total else 0.0,
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(n) for n in socket_errors.groups()) if socket_errors else 0,
    )


def wrk_command(wrk: str, url: str, *, seconds: float, threads: int, connections: int) -> list[str]:
    return [wrk, f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency", url]


def run_wrk(wrk: str, url: str, *, seconds: float, threads: int, connections: int) -> tuple[WrkResult, str]:
    """One wrk run against ``url``: the parsed figures and wrk's own report."""
    command = wrk_command(wrk, url, seconds=seconds, threads=threads, connections=connections)
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60,  # noqa: S603
                              check=False)
    except subprocess.TimeoutExpired as exc:
        raise WrkError(f"wrk did not finish: {' '.join(command)}") from exc
    if done.returncode != 0:
        raise WrkError(f"wrk exited with {done.returncode}: {' '.join(command)}\n{done.stdout}{done.stderr}")
    return parse_wrk(done.stdout), done.stdout
