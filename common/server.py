"""Starting one part under uvicorn, with a clear message when its port is taken."""

from __future__ import annotations

import gc
import importlib
import socket
import sys

import uvicorn

from common.settings import GroupbuySettings


def port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


GC_YOUNG_THRESHOLD = 20_000  # allocations between young collections (CPython's default: 700)


def settle_the_heap(app_path: str) -> None:
    """Import the app's modules, then move everything alive (modules, classes, the ORM's and pydantic's
    schemas: tens of thousands of objects that live as long as the process) out of the collector's sight,
    and collect the young generation less often.  A request allocates thousands of short-lived objects;
    with the defaults the collector ran every few hundred of them and walked that whole long-lived heap at
    each full collection."""
    importlib.import_module(app_path.partition(":")[0])
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, middle, old)


def serve(settings: GroupbuySettings, app_path: str) -> None:
    host, port = settings.topology.bind_host, settings.me.port
    if port_in_use(host, port):
        env = f"GROUPBUY_TOPOLOGY__{settings.part_name.upper()}__PORT"
        sys.stderr.write(
            f"groupbuy {settings.part_name}: port {port} on {host} is already in use.\n"
            f"Stop whatever holds it, or choose another port with {env}=<port>.\n"
        )
        raise SystemExit(2)
    settle_the_heap(app_path)
    # Keep idle connections longer than any client's pool keeps them (httpx: 5 s), so a client never
    # sends a request on a connection the server is closing at that very moment.
    uvicorn.run(app_path, factory=True, host=host, port=port, log_config=None, access_log=False,
                proxy_headers=False, server_header=False, timeout_graceful_shutdown=10, timeout_keep_alive=75,
                workers=settings.workers if settings.workers > 1 else None,
                http="common.httpproto:ProblemHttpToolsProtocol")


def main(part: str) -> None:
    """Entry point of ``python -m services.<part> [serve|migrate]`` and ``python -m gateway``."""
    args = sys.argv[1:] or ["serve"]
    package = "gateway" if part == "gateway" else f"services.{part}"
    settings = importlib.import_module(f"{package}.config").Settings()
    if args[0] == "serve":
        serve(settings, f"{package}.main:create_app")
    elif args[0] == "migrate" and part != "gateway":
        from common.migrations import upgrade

        upgrade(part, settings.database_url)
    else:
        sys.stderr.write(f"usage: python -m {package} [serve{'' if part == 'gateway' else '|migrate'}]\n")
        raise SystemExit(2)
