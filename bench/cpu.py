"""Where the CPU goes while a scenario's measured part runs: the seconds each stack process used (its
worker processes included), the database and Redis servers of this machine, and the load generator
itself — so a figure comes with the part that bounds it (per order, for the order scenarios).  Beside
it, the SQL statements each service sent (``groupbuy_db_statements_total`` on its ``/metrics``): a count
that, unlike seconds, does not move with whatever else the machine is doing.  On PostgreSQL also the
rows its tables were read for (``pg_stat_user_tables``: sequentially, and fetched by an index), per
table: a statement whose plan reads a whole table shows there long before it shows in seconds."""

from __future__ import annotations

import asyncio
import os
import re
import time
import urllib.request
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

_TICK_S = 1 / os.sysconf("SC_CLK_TCK")
_SERVERS = {"postgres": "postgres", "redis-server": "redis"}  # process name → the row it is counted in


def _stat(pid: int) -> tuple[str, int, float] | None:
    """(name, parent pid, CPU seconds) of one process; None when it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name, _, rest = raw.partition(" (")[2].rpartition(")")
    fields = rest.split()
    return name, int(fields[1]), (int(fields[11]) + int(fields[12])) * _TICK_S


def snapshot(parts: Mapping[str, int]) -> dict[str, float]:
    """CPU seconds so far per row: each part's process and its descendants, the servers, this process."""
    stats = {int(entry): found for entry in os.listdir("/proc") if entry.isdigit()
             if (found := _stat(int(entry))) is not None}
    owner = {pid: part for part, pid in parts.items()}
    me = os.getpid()

    def row(pid: int) -> str | None:
        seen = 0
        while pid > 1 and seen < 16:  # a part's workers are its children
            if pid in owner:
                return owner[pid]
            if pid == me:
                return "load generator"
            pid, seen = stats[pid][1] if pid in stats else 0, seen + 1
        return None

    used: dict[str, float] = {}
    for pid, (name, _parent, seconds) in stats.items():
        label = _SERVERS.get(name) or row(pid)
        if label is not None:
            used[label] = used.get(label, 0.0) + seconds
    return used


async def await_quiet(parts: Mapping[str, int], *, below: float = 0.1, window_s: float = 1.0,
                      timeout_s: float = 60.0) -> float | None:
    """Wait until the stack has digested what came before (a set-up's or a previous scenario's events,
    scheduler work): its processes (workers included) together use less than ``below`` of a core over
    ``window_s``.  The seconds waited; None when it never went quiet (or /proc cannot tell)."""
    def used() -> float:
        return sum(seconds for label, seconds in snapshot(parts).items() if label in parts)

    began = time.monotonic()
    try:
        while time.monotonic() - began < timeout_s:
            before = used()
            await asyncio.sleep(window_s)
            if (used() - before) / window_s < below:
                return round(time.monotonic() - began, 1)
    except (OSError, ValueError, IndexError, KeyError):
        return None
    return None


_STATEMENTS = re.compile(r"^groupbuy_db_statements_total\{[^}]*\} ([0-9.e+]+)$", re.MULTILINE)


def statements_sent(metrics_text: str) -> float:
    """The statements a process has sent so far, all its engines together, from its ``/metrics`` text."""
    return sum(float(found) for found in _STATEMENTS.findall(metrics_text))


def statements_snapshot(urls: Mapping[str, str]) -> dict[str, float]:
    """Statements sent so far per part (a part whose ``/metrics`` does not answer is left out)."""
    counts: dict[str, float] = {}
    for part, url in urls.items():
        try:
            with urllib.request.urlopen(url.rstrip("/") + "/metrics", timeout=5) as answer:  # noqa: S310
                counts[part] = statements_sent(answer.read().decode())
        except OSError:
            continue
    return counts


_TABLE_READS = ("SELECT relname, coalesce(seq_tup_read, 0), coalesce(idx_tup_fetch, 0) FROM pg_stat_user_tables")


def table_reads(database_urls: Mapping[str, str]) -> dict[str, tuple[int, int]]:
    """Rows read so far per ``service.table``: (sequentially, fetched by an index), of each PostgreSQL
    database in ``database_urls`` (service → URL; others are left out).  The server shows a busy
    backend's reads within a second (an idle one's last second's within ten): a count over a scenario is
    off by about a second's reads at either end, small beside the tens of seconds it runs."""
    wanted = {service: url.replace("postgresql+asyncpg://", "postgresql://", 1)
              for service, url in database_urls.items() if url.startswith(("postgresql://", "postgresql+asyncpg://"))}
    if not wanted:
        return {}

    async def read() -> dict[str, tuple[int, int]]:
        import asyncpg

        found: dict[str, tuple[int, int]] = {}
        for service, url in wanted.items():
            connection = await asyncpg.connect(url)
            try:
                for table, sequential, by_index in await connection.fetch(_TABLE_READS):
                    found[f"{service}.{table}"] = (int(sequential), int(by_index))
            finally:
                await connection.close()
        return found

    with ThreadPoolExecutor(1) as apart:  # the caller may be running an event loop of its own
        return apart.submit(asyncio.run, read()).result()


def reads_between(before: Mapping[str, tuple[int, int]], after: Mapping[str, tuple[int, int]],
                  per: int | None = None, *, shown: int = 3) -> dict[str, Any]:
    """Rows read between two ``table_reads``: in all (per unit, given ``per``) and the tables read most,
    sequentially and by an index."""
    grown = {table: (now[0] - before.get(table, (0, 0))[0], now[1] - before.get(table, (0, 0))[1])
             for table, now in after.items()}
    divisor = per or 1
    sequential = {table: rows for table, (rows, _) in grown.items() if rows > 0}
    return {
        "sequential": round(sum(sequential.values()) / divisor, 1),
        "by_index": round(sum(rows for _, rows in grown.values()) / divisor, 1),
        "most_sequential": {table: round(rows / divisor, 1) for table, rows in
                            sorted(sequential.items(), key=lambda kv: -kv[1])[:shown]},
        "most_by_index": {table: round(rows / divisor, 1) for table, (_, rows) in
                          sorted(grown.items(), key=lambda kv: -kv[1][1])[:shown] if rows > 0},
    }


class CpuMeter:
    """``start`` before the measured part, ``stop`` after: the CPU seconds each row used in between, and
    the statements each part in ``statement_urls`` (part → its base URL) sent."""

    def __init__(self, parts: Mapping[str, int], statement_urls: Mapping[str, str] | None = None,
                 database_urls: Mapping[str, str] | None = None) -> None:
        self.parts = dict(parts)
        self.statement_urls = dict(statement_urls or {})
        self.database_urls = dict(database_urls or {})
        self._before: dict[str, float] = {}
        self._statements_before: dict[str, float] = {}
        self._reads_before: dict[str, tuple[int, int]] = {}
        self._began = 0.0
        self.settled_after_s: float | None = None
        self.digested_after_s: float | None = None

    async def settle(self) -> None:
        """Before ``start``: wait until the stack has digested the set-up (the buyers' sign-ins and
        addresses send events of their own), so that the measured part pays only for itself."""
        self.settled_after_s = await await_quiet(self.parts)

    async def digest(self) -> None:
        """After the measured load, before ``stop``: wait until the stack has done what the load set off
        (events consumed in every service), so that its work is counted and nothing the caller does next
        (reading the results back) is — or competes with the work still under way."""
        self.digested_after_s = await await_quiet(self.parts)

    def start(self) -> None:
        self._statements_before = statements_snapshot(self.statement_urls)
        self._reads_before = table_reads(self.database_urls)
        self._before, self._began = snapshot(self.parts), time.monotonic()

    def stop(self, *, per: int | None = None) -> dict[str, Any]:
        """The figures; with ``per`` (e.g. orders paid) also milliseconds of CPU per one of them."""
        wall = time.monotonic() - self._began
        after = snapshot(self.parts)
        used = {label: round(after[label] - self._before.get(label, 0.0), 2) for label in after
                if after[label] - self._before.get(label, 0.0) > 0.005}
        total = sum(used.values())
        result: dict[str, Any] = {
            "wall_s": round(wall, 2), "cpu_s": dict(sorted(used.items(), key=lambda kv: -kv[1])),
            "cpu_total_s": round(total, 2), "cores_busy": round(total / wall, 2) if wall else None,
            "setup_settled_after_s": self.settled_after_s,
            **({"load_digested_after_s": self.digested_after_s} if self.digested_after_s is not None else {})}
        if per:
            result["cpu_ms_per_unit"] = {label: round(seconds * 1000 / per, 2) for label, seconds in
                                         result["cpu_s"].items()}
            result["cpu_ms_per_unit_total"] = round(total * 1000 / per, 2)
        if self.statement_urls:
            statements = statements_snapshot(self.statement_urls)
            sent = {part: int(count - self._statements_before.get(part, 0.0)) for part, count in statements.items()
                    if count - self._statements_before.get(part, 0.0) > 0}
            result["statements"] = dict(sorted(sent.items(), key=lambda kv: -kv[1]))
            if per:
                result["statements_per_unit"] = {part: round(count / per, 2) for part, count in
                                                 result["statements"].items()}
                result["statements_per_unit_total"] = round(sum(sent.values()) / per, 2)
        if self._reads_before:
            result["rows_read_per_unit" if per else "rows_read"] = reads_between(
                self._reads_before, table_reads(self.database_urls), per)
        return result
