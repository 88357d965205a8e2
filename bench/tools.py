"""The outside programs a benchmark drives — nginx and wrk — installed from Debian's packages when missing."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Sequence

# Each tool with the Debian packages that provide it, the preferred one first.
PACKAGES: dict[str, tuple[str, ...]] = {
    "nginx": ("nginx-light", "nginx"),
    "wrk": ("wrk",),
}
SYSTEM_BIN = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


class ToolError(RuntimeError):
    """A tool is missing and could not be installed."""


def find_tool(name: str) -> str | None:
    """The tool's path: on PATH, else in the system folders (nginx lives in /usr/sbin)."""
    return shutil.which(name) or shutil.which(name, path=SYSTEM_BIN)


def _run(command: Sequence[str], say: Callable[[str], None]) -> int:
    say(f"$ {' '.join(command)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    return subprocess.run(list(command), env=env, check=False).returncode  # noqa: S603


def ensure_tools(names: Sequence[str] = ("nginx", "wrk"), *, say: Callable[[str], None] = print) -> dict[str, str]:
    """The path of every named tool, installing the missing ones with apt-get (``apt-get update`` once)."""
    found = {name: find_tool(name) for name in names}
    missing = [name for name, path in found.items() if path is None]
    if not missing:
        return {name: path for name, path in found.items() if path}
    apt_get = find_tool("apt-get")
    wanted = " ".join(PACKAGES[name][0] for name in missing)
    if apt_get is None or os.geteuid() != 0:
        raise ToolError(f"missing {', '.join(missing)}; install them as root: apt-get install -y {wanted}")
    say(f"Installing {', '.join(missing)} from Debian's packages")
    if _run([apt_get, "update"], say) != 0:
        raise ToolError("apt-get update failed; cannot install " + ", ".join(missing))
    for name in missing:
        for package in PACKAGES[name]:
            if _run([apt_get, "install", "-y", package], say) == 0 and find_tool(name):
                break
            say(f"  {package} did not provide {name}")
        found[name] = find_tool(name)
        if found[name] is None:
            raise ToolError(f"could not install {name} (tried apt-get install -y {' or '.join(PACKAGES[name])})")
        say(f"  {name}: {found[name]}")
    return {name: path for name, path in found.items() if path}


def version(path: str, flag: str) -> str:
    """A tool's own version line (nginx -v and wrk -v print it on stderr, wrk exits non-zero)."""
    try:
        done = subprocess.run([path, flag], capture_output=True, text=True, timeout=10, check=False)  # noqa: S603
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    text = (done.stdout + done.stderr).strip()
    return text.splitlines()[0] if text else "unknown"
