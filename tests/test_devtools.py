"""The developer's commands: ``make migrate``'s arguments, and the supervisor behind ``make run`` —
a part that dies is started again, and stopping leaves no process behind, grandchildren included."""

from __future__ import annotations

import os
import re
import select
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from common.settings import SERVICES
from common.testing.stack import ROOT
from devtools import migrate
from devtools.supervise import INITIAL_BACKOFF_S, MAX_BACKOFF_S, STABLE_AFTER_S, next_backoff, read_procfile

# --- make migrate ---------------------------------------------------------------------------------


def test_migrate_without_arguments_means_every_service():
    assert migrate.parse([]).services == list(SERVICES)


def test_migrate_takes_the_services_named():
    assert migrate.parse(["orders", "catalog"]).services == ["orders", "catalog"]


def test_migrate_refuses_an_unknown_service(capsys):
    with pytest.raises(SystemExit) as refused:
        migrate.parse(["inventory"])
    assert refused.value.code == 2
    assert "inventory" in capsys.readouterr().err


def test_a_revision_names_exactly_one_service():
    assert migrate.parse(["--revision", "add refunds", "orders"]).services == ["orders"]
    with pytest.raises(SystemExit):
        migrate.parse(["--revision", "add refunds"])


def test_make_migrate_upgrades_every_service(monkeypatch, capsys):
    upgraded = []
    monkeypatch.setattr(migrate, "upgrade", upgraded.append)
    migrate.main([])
    assert upgraded == list(SERVICES)
    assert capsys.readouterr().out.count("migrated to head") == len(SERVICES)


# --- the supervisor -------------------------------------------------------------------------------

SLEEPER = """
import os, time
print("pid", os.getpid(), flush=True)
time.sleep(600)
"""

# A part with a grandchild that ignores SIGTERM: only the group's SIGKILL after the grace period stops it.
FAMILY = """
import os, subprocess, sys
grandchild = subprocess.Popen([sys.executable, "-c", '''
import os, signal, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
print("grandchild", os.getpid(), flush=True)
time.sleep(600)
'''])
print("pid", os.getpid(), flush=True)
grandchild.wait()
"""


def test_backoff_doubles_after_quick_failures_and_starts_over_after_a_long_run():
    assert next_backoff(0, 0.1) == INITIAL_BACKOFF_S
    assert next_backoff(INITIAL_BACKOFF_S, 0.1) == 2 * INITIAL_BACKOFF_S
    assert next_backoff(MAX_BACKOFF_S, 0.1) == MAX_BACKOFF_S
    assert next_backoff(MAX_BACKOFF_S, STABLE_AFTER_S) == INITIAL_BACKOFF_S


def test_the_supervisor_reads_the_projects_procfile():
    parts = read_procfile(ROOT / "Procfile")
    assert list(parts)[-1] == "gateway" and parts["gateway"] == ["python", "-m", "gateway"]


def running(pid: int) -> bool:
    """Alive and not a zombie (an orphaned zombie may wait for a reaper that never comes)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


class Lines:
    """The supervisor's output, read line by line without threads (so the pipe can be closed)."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        self.fd = process.stdout.fileno()
        self.pending = b""
        self.seen: list[str] = []

    def next_match(self, pattern: str, timeout_s: float = 30.0) -> re.Match[str]:
        deadline = time.monotonic() + timeout_s
        while True:
            while b"\n" in self.pending:
                line, self.pending = self.pending.split(b"\n", 1)
                self.seen.append(line.decode(errors="replace"))
                if found := re.search(pattern, self.seen[-1]):
                    return found
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([self.fd], [], [], max(remaining, 0))
            chunk = os.read(self.fd, 65536) if ready else b""
            if not chunk:
                raise AssertionError(f"no line like {pattern!r}; output so far:\n" + "\n".join(self.seen))
            self.pending += chunk


def start_supervisor(tmp_path: Path, parts: dict[str, str]) -> tuple[subprocess.Popen[bytes], Lines]:
    procfile = tmp_path / "Procfile"
    lines = []
    for name, script in parts.items():
        (tmp_path / f"{name}.py").write_text(script)
        lines.append(f"{name}: {shlex.quote(sys.executable)} {name}.py")
    procfile.write_text("\n".join(lines) + "\n")
    process = subprocess.Popen([sys.executable, "-m", "devtools.supervise", "-f", str(procfile),
                                "--stop-grace", "1"], cwd=ROOT, stdout=subprocess.PIPE)
    return process, Lines(process)


def family_pids(lines: Lines) -> dict[str, int]:
    """The pids the parts print as they start, by who printed them."""
    pids: dict[str, int] = {}
    while len(pids) < 3:
        found = lines.next_match(r"(sleeper|family)\s+\| (pid|grandchild) (\d+)")
        pids["grandchild" if found[2] == "grandchild" else found[1]] = int(found[3])
    return pids


def stop_for_good(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
        process.wait()


def test_a_part_that_dies_is_started_again_and_the_others_keep_running(tmp_path):
    process, lines = start_supervisor(tmp_path, {"sleeper": SLEEPER, "family": FAMILY})
    try:
        pids = family_pids(lines)
        os.kill(pids["sleeper"], signal.SIGKILL)
        lines.next_match(r"sleeper was killed by SIGKILL after [0-9.]+s; restarting in 1s")
        again = int(lines.next_match(r"sleeper\s+\| pid (\d+)")[1])
        assert again != pids["sleeper"] and running(again)
        assert running(pids["family"]) and running(pids["grandchild"])
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
        for pid in (again, pids["family"], pids["grandchild"]):
            assert not running(pid), pid
    finally:
        stop_for_good(process)


def test_a_part_that_keeps_failing_waits_longer_each_time(tmp_path):
    process, lines = start_supervisor(tmp_path, {"crasher": "raise SystemExit(3)"})
    try:
        lines.next_match(r"crasher exited with code 3 after [0-9.]+s; restarting in 1s")
        lines.next_match(r"crasher exited with code 3 after [0-9.]+s; restarting in 2s")
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)
        stop_for_good(process)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_stop_signal_stops_every_child_and_grandchild(tmp_path, signum):
    process, lines = start_supervisor(tmp_path, {"sleeper": SLEEPER, "family": FAMILY})
    try:
        pids = family_pids(lines)
        process.send_signal(signum)
        assert process.wait(timeout=20) == 0
        assert [pid for pid in pids.values() if running(pid)] == []
    finally:
        stop_for_good(process)


def test_a_closed_output_pipe_stops_everything(tmp_path):
    """``make run | tee log`` after tee is gone: nobody reads the output any more."""
    process, lines = start_supervisor(tmp_path, {"sleeper": SLEEPER, "family": FAMILY})
    try:
        pids = family_pids(lines)
        assert process.stdout is not None
        process.stdout.close()
        process.wait(timeout=20)
        assert [pid for pid in pids.values() if running(pid)] == []
    finally:
        stop_for_good(process)
