"""Keeps the Procfile's parts running on a developer's machine (``make run`` starts the stack with it).

Rules:
- Each Procfile line ``name: command`` is one part, started in the Procfile's folder, in a process
  group of its own; its output (stdout and stderr) is printed line by line after the time and its name.
- A part that exits while the stack runs is started again after a backoff — 1 s, doubling after each
  quick failure up to 30 s, back to 1 s once it had run for 30 s — with a line saying so; the other
  parts keep running.  Whatever the part left behind in its process group is stopped first, so
  nothing holds its port.
- The stack stops on SIGINT, SIGTERM or SIGHUP, and when its output is a pipe nobody reads any more
  (``make run | tee log`` after tee is gone): every part's whole process group — children and
  grandchildren — gets SIGTERM, and SIGKILL after a grace period (at once on a second signal).

``python -m devtools.supervise [-f Procfile]`` runs a Procfile this way on its own.
"""

from __future__ import annotations

import argparse
import os
import select
import shlex
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, BinaryIO

INITIAL_BACKOFF_S = 1.0
MAX_BACKOFF_S = 30.0
STABLE_AFTER_S = 30.0
STOP_GRACE_S = 10.0
TICK_S = 0.1
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
SUPERVISOR = "supervise"


def read_procfile(path: Path) -> dict[str, list[str]]:
    """The parts of a Procfile, in order: name → command (split as a shell would, never run by one)."""
    parts = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, command = line.partition(":")
            parts[name.strip()] = shlex.split(command)
    return parts


def next_backoff(previous_s: float, ran_s: float) -> float:
    """The wait before starting a part again: short after a long run, doubling after quick failures."""
    if previous_s <= 0 or ran_s >= STABLE_AFTER_S:
        return INITIAL_BACKOFF_S
    return min(previous_s * 2, MAX_BACKOFF_S)


def describe_exit(returncode: int) -> str:
    if returncode < 0:
        return f"was killed by {signal.Signals(-returncode).name}"
    return f"exited with code {returncode}"


def group_alive(pgid: int) -> bool:
    """Whether any process of the group still runs (zombies, which nothing may reap, do not count)."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                # Fields after the command's closing parenthesis: state, ppid, pgrp, ...
                state, _, group = (entry / "stat").read_text().rpartition(")")[2].split()[:3]
            except (OSError, ValueError):
                continue
            if int(group) == pgid and state not in ("Z", "X"):
                return True
    return False


def signal_group(pgid: int, signum: int) -> None:
    try:
        os.killpg(pgid, signum)
    except (ProcessLookupError, PermissionError):
        pass


class Output:
    """Lines to one stream from many threads.  A write to a pipe nobody reads calls ``on_closed``
    once; later lines are dropped."""

    def __init__(self, stream: BinaryIO, on_closed: Callable[[], None] = lambda: None) -> None:
        self.stream = stream
        self.on_closed = on_closed
        self.closed = False
        self.lock = threading.Lock()

    def line(self, name: str, text: bytes) -> None:
        prefix = f"{time.strftime('%H:%M:%S')} {name:<10} | ".encode()
        self.write(prefix + text.rstrip(b"\r\n") + b"\n")

    def say(self, text: str) -> None:
        self.write(text.encode() + (b"" if text.endswith("\n") else b"\n"))

    def write(self, data: bytes) -> None:
        with self.lock:
            if self.closed:
                return
            try:
                self.stream.write(data)
                self.stream.flush()
            except (BrokenPipeError, ConnectionResetError, ValueError):
                self._close()

    def reader_gone(self) -> bool:
        """Whether the stream is a pipe whose reading end is closed (checked without writing)."""
        if self.closed:
            return True
        try:
            poller = select.poll()
            poller.register(self.stream.fileno(), 0)  # no events asked: only errors and hang-ups come back
            gone = any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))
        except (OSError, ValueError, AttributeError):
            return False
        if gone:
            with self.lock:
                self._close()
        return gone

    def _close(self) -> None:
        if self.closed:
            return
        self.closed = True
        # Point the descriptor at /dev/null so the interpreter's last flush does not fail again.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.stream.fileno())
            os.close(devnull)
        except (OSError, ValueError):
            pass
        self.on_closed()


@dataclass
class Part:
    name: str
    command: list[str]
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    backoff_s: float = 0.0
    restart_at: float | None = None

    @property
    def pgid(self) -> int | None:
        return self.process.pid if self.process else None  # each part leads a session of its own


@dataclass
class Supervisor:
    commands: dict[str, list[str]]
    cwd: Path
    env: dict[str, str] | None = None
    output: Output = field(default_factory=lambda: Output(sys.stdout.buffer))
    stop_grace_s: float = STOP_GRACE_S
    parts: list[Part] = field(init=False)
    stop_reason: str | None = field(default=None, init=False)
    exit_code: int = field(default=0, init=False)
    hurry: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        self.parts = [Part(name, command) for name, command in self.commands.items()]
        self.output.on_closed = lambda: self.request_stop("the output is a closed pipe")

    def say(self, text: str) -> None:
        self.output.line(SUPERVISOR, text.encode())

    def request_stop(self, reason: str, exit_code: int = 0) -> None:
        """Ask the stack to stop; safe from signal handlers and other threads (takes no lock)."""
        if self.stop_reason is None:
            self.stop_reason = reason
            self.exit_code = exit_code

    @property
    def stopping(self) -> bool:
        return self.stop_reason is not None

    def run(self, on_started: Callable[[], None] | None = None) -> int:
        """Start every part, keep them running until asked to stop, then stop them all."""
        with self.signals_handled():
            try:
                for part in self.parts:
                    self.start(part)
                if on_started is not None:
                    threading.Thread(target=on_started, name="on-started", daemon=True).start()
                while not self.stopping:
                    time.sleep(TICK_S)
                    if self.output.reader_gone():
                        self.request_stop("the output is a closed pipe")
                    self.tend(time.monotonic())
            finally:
                self.request_stop("the supervisor is leaving")
                self.stop_all()
        return self.exit_code

    @contextmanager
    def signals_handled(self) -> Iterator[None]:
        def on_signal(signum: int, _frame: object) -> None:
            if self.stopping:
                self.hurry = True
            self.request_stop(f"{signal.Signals(signum).name} received")

        previous = {signum: signal.signal(signum, on_signal) for signum in STOP_SIGNALS}
        try:
            yield
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def start(self, part: Part) -> None:
        part.started_at, part.restart_at = time.monotonic(), None
        try:
            part.process = subprocess.Popen(  # noqa: S603 - the developer's own Procfile
                part.command, cwd=self.cwd, env=self.env, stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        except OSError as exc:
            part.process = None
            part.backoff_s = next_backoff(part.backoff_s, 0.0)
            part.restart_at = part.started_at + part.backoff_s
            self.say(f"{part.name} cannot start ({exc}); trying again in {part.backoff_s:g}s")
            return
        threading.Thread(target=self.pump, args=(part.name, part.process.stdout), name=f"output-{part.name}",
                         daemon=True).start()
        self.say(f"{part.name} started (pid {part.process.pid})")

    def pump(self, name: str, stream: IO[bytes] | None) -> None:
        if stream is None:
            return
        with stream:
            for text in iter(stream.readline, b""):
                self.output.line(name, text)

    def tend(self, now: float) -> None:
        """Notice parts that exited and start them again when their backoff has passed."""
        for part in self.parts:
            if self.stopping:
                return
            if part.restart_at is not None:
                if now >= part.restart_at:
                    self.start(part)
            elif part.process is not None and part.process.poll() is not None:
                self.schedule_restart(part, now)

    def schedule_restart(self, part: Part, now: float) -> None:
        assert part.process is not None and part.pgid is not None
        self.stop_group(part.pgid)
        part.backoff_s = next_backoff(part.backoff_s, now - part.started_at)
        part.restart_at = now + part.backoff_s
        self.say(f"{part.name} {describe_exit(part.process.returncode)} after {now - part.started_at:.1f}s; "
                 f"restarting in {part.backoff_s:g}s")

    def stop_group(self, pgid: int) -> None:
        """Stop whatever is left in one part's process group."""
        signal_group(pgid, signal.SIGTERM)
        self.wait_groups_gone([pgid])

    def stop_all(self) -> None:
        self.say(f"stopping every part: {self.stop_reason}")
        groups = [part.pgid for part in self.parts if part.pgid is not None]
        for pgid in groups:
            signal_group(pgid, signal.SIGTERM)
        self.wait_groups_gone(groups)
        for part in self.parts:
            if part.process is not None and part.process.poll() is None:
                part.process.wait()
        self.say("stopped")

    def wait_groups_gone(self, groups: list[int]) -> None:
        """Reap and wait until the groups are empty; SIGKILL what is left after the grace period."""
        deadline = time.monotonic() + self.stop_grace_s
        for part in self.parts:
            if part.pgid in groups and part.process is not None:
                part.process.poll()
        while any(group_alive(pgid) for pgid in groups):
            if self.hurry or time.monotonic() >= deadline:
                for pgid in groups:
                    signal_group(pgid, signal.SIGKILL)
                deadline = float("inf")
            time.sleep(TICK_S / 2)
            for part in self.parts:
                if part.pgid in groups and part.process is not None:
                    part.process.poll()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="supervise", description="Run a Procfile's parts, restarting any that exit.")
    parser.add_argument("-f", "--procfile", type=Path, default=Path("Procfile"))
    parser.add_argument("--stop-grace", type=float, default=STOP_GRACE_S, metavar="SECONDS",
                        help="how long parts may take to stop before they are killed")
    args = parser.parse_args(argv)
    procfile = args.procfile.resolve()
    return Supervisor(read_procfile(procfile), cwd=procfile.parent, stop_grace_s=args.stop_grace).run()


if __name__ == "__main__":
    raise SystemExit(main())
