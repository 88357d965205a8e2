"""Starting parts by hand: a port that is taken is a clear message, not a stack trace."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from common.settings import GroupbuySettings
from common.testing.stack import ROOT
from devtools.run import busy_ports


def test_a_taken_port_is_named_with_the_variable_that_moves_it():
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if not k.startswith("GROUPBUY_")}
        env["GROUPBUY_TOPOLOGY__CATALOG__PORT"] = str(port)
        done = subprocess.run([sys.executable, "-m", "services.catalog"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 2
        assert f"port {port}" in done.stderr and "GROUPBUY_TOPOLOGY__CATALOG__PORT" in done.stderr
        assert "Traceback" not in done.stderr
        settings = GroupbuySettings(topology={"catalog": {"port": port}})
        assert any("catalog" in line and str(port) in line for line in busy_ports(settings))


def test_a_stacks_parts_are_given_distinct_free_ports():
    """Each part of a test or bench stack its own port: two on one port meant one of them failed to start while
    the other answered in its place."""
    from common.testing.infra import free_ports

    for _ in range(50):
        ports = free_ports(6)
        assert len(set(ports)) == 6
    with socket.socket() as first, socket.socket() as second:
        first.bind(("127.0.0.1", ports[0]))
        second.bind(("127.0.0.1", ports[1]))
