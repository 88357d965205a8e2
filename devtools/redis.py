"""``python -m devtools.redis``: run the embedded default's Redis in the foreground (a Procfile entry)."""

from __future__ import annotations

import os
import sys

from common.embedded_redis import redis_command
from common.server import port_in_use
from common.settings import GroupbuySettings


def main() -> None:
    settings = GroupbuySettings()
    port = settings.redis.embedded_port
    if port_in_use("127.0.0.1", port):
        sys.stderr.write(f"redis: port {port} is already in use; choose another with "
                         f"GROUPBUY_REDIS__EMBEDDED_PORT and GROUPBUY_REDIS__URL.\n")
        raise SystemExit(2)
    command = redis_command(port=port, data_dir=settings.data_dir / "redis")
    os.execv(command[0], command)  # noqa: S606 - become the server, so signals reach it


if __name__ == "__main__":
    main()
