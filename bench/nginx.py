"""nginx as a plain reverse proxy in front of one service: the yardstick for the gateway's own cost.

It runs in the foreground (``daemon off``) from a generated config in a folder of its own, listens on
the loopback only, keeps no access log and holds keep-alive connections to the service.
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from common.testing.infra import free_port, stop_process

WORKER_PROCESSES = 1  # one process, like the gateway

CONFIG = """\
daemon off;
master_process on;
worker_processes {workers};
{user}pid {folder}/nginx.pid;
error_log {folder}/error.log warn;

events {{
    worker_connections 1024;
}}

http {{
    access_log off;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;

    upstream service {{
        server 127.0.0.1:{upstream_port};
        keepalive 64;
    }}

    server {{
        listen 127.0.0.1:{port};

        location / {{
            proxy_pass http://service;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


def _worker_user() -> str:
    """The ``user`` line for a master started as root: workers drop to nobody and its own group."""
    if os.geteuid() != 0:
        return ""
    try:
        nobody = pwd.getpwnam("nobody")
        group = grp.getgrgid(nobody.pw_gid).gr_name
    except KeyError:
        return ""
    return f"user nobody {group};\n"


def render_config(folder: Path, *, port: int, upstream_port: int) -> str:
    return CONFIG.format(folder=folder.as_posix(), port=port, upstream_port=upstream_port,
                         workers=WORKER_PROCESSES, user=_worker_user())


@dataclass
class Nginx:
    binary: str
    upstream_port: int
    port: int = field(default_factory=free_port)
    folder: Path | None = None
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 10.0) -> Nginx:
        self.folder = Path(tempfile.mkdtemp(prefix="groupbuy-bench-nginx-"))
        self.folder.chmod(0o755)  # the workers, no longer root, read and write below it
        config = self.folder / "nginx.conf"
        config.write_text(render_config(self.folder, port=self.port, upstream_port=self.upstream_port))
        with (self.folder / "nginx.out").open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603
                [self.binary, "-p", str(self.folder), "-c", str(config), "-e", str(self.folder / "error.log")],
                stdout=log, stderr=log)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited with {self.process.returncode}:\n{self.tail()}")
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            time.sleep(0.05)
        raise TimeoutError(f"nginx did not listen on port {self.port} within {timeout_s}s:\n{self.tail()}")

    def tail(self) -> str:
        if self.folder is None:
            return ""
        parts = [p.read_text(errors="replace") for p in (self.folder / "nginx.out", self.folder / "error.log")
                 if p.exists()]
        return "\n".join(parts).strip()

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)
            self.process = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
