"""``make run``: migrate every service, start Redis, the four services and the gateway (the Procfile's
parts, kept running by ``devtools.supervise``: a part that dies is started again), wait until the
gateway is ready, load demo data and say where to look.  Ctrl-C (or SIGTERM, SIGHUP, or the reader of
its output going away) stops every process."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import httpx

from common.migrations import upgrade
from common.server import port_in_use
from common.settings import PARTS, SERVICES, GroupbuySettings
from devtools.supervise import Output, Supervisor, read_procfile
from gateway.config import Bucket, RateLimitSettings

ROOT = Path(__file__).resolve().parent.parent
READY_WITHIN_S = 60
DEV_WECHAT_PORT = int(os.environ.get("GROUPBUY_DEV_WECHAT_PORT", "8009"))  # the local WeChat server stand-in


def busy_ports(settings: GroupbuySettings) -> list[str]:
    found = []
    for part in PARTS:
        port = settings.topology.part(part).port
        if port_in_use(settings.topology.bind_host, port):
            found.append(f"  {part}: port {port} (GROUPBUY_TOPOLOGY__{part.upper()}__PORT)")
    if "GROUPBUY_WECHAT__BASE_URL" not in os.environ and port_in_use("127.0.0.1", DEV_WECHAT_PORT):
        found.append(f"  wechat (local stand-in): port {DEV_WECHAT_PORT} (GROUPBUY_DEV_WECHAT_PORT)")
    if port_in_use("127.0.0.1", settings.redis.embedded_port):
        found.append(f"  redis: port {settings.redis.embedded_port} (GROUPBUY_REDIS__EMBEDDED_PORT)")
    return found


def wait_ready(url: str, supervisor: Supervisor) -> bool:
    deadline = time.monotonic() + READY_WITHIN_S
    while time.monotonic() < deadline and not supervisor.stopping:
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    return False


def load_demo(settings: GroupbuySettings) -> str:
    from devtools.demo import load

    return load(settings.topology.gateway.url)


def banner(settings: GroupbuySettings, loaded: str) -> str:
    url = settings.topology.gateway.url
    return f"""
  Groupbuy is running (embedded default: SQLite in {settings.data_dir}/, Redis on port {settings.redis.embedded_port}).
  Demo data (loaded through the API with the generated client): {loaded}.

    gateway      {url}
    API docs     {url}/docs
    readiness    {url}/readyz
    metrics      {url}/metrics

  Try:  curl -s {url}/v1/products | python -m json.tool      # a product in every role, a gift pack
        curl -s {url}/v1/activities | python -m json.tool    # a live ladder group buy and a flash sale
        curl -s {url}/v1/auth/dev-login -H 'content-type: application/json' -d '{{"openid": "demo-bob"}}'
        curl -s {url}/v1/auth/wechat-login -H 'content-type: application/json' -d '{{"code": "any-wx-login-code"}}'
              # the real login path, against the local WeChat stand-in (WeChat DevTools' wx.login works too)
              # then with its access_token: /v1/rebates/balance, /v1/referrals/team
              # (the demo chain: demo-alice ← demo-bob ← demo-carol)
        .venv/bin/groupbuy-ops login --url {url} --dev-openid demo-ops    # the ops command line

  A part that stops is started again; Ctrl-C stops everything.
"""


def welcome(settings: GroupbuySettings, supervisor: Supervisor) -> None:
    """Once the gateway is ready: load the demo data and say where to look."""
    if not wait_ready(settings.topology.gateway.url, supervisor):
        if not supervisor.stopping:
            supervisor.output.say(f"The gateway did not become ready within {READY_WITHIN_S}s; see the log above.")
            supervisor.request_stop("the gateway never became ready", exit_code=1)
        return
    try:
        loaded = load_demo(settings)
    except Exception as exc:  # the stack is still worth having: say why the demo is missing
        if supervisor.stopping:
            return
        supervisor.output.say(f"Demo data not loaded: {exc}")
        loaded = "none (see above)"
    supervisor.output.say(banner(settings, loaded))


def main() -> int:
    os.chdir(ROOT)
    settings = GroupbuySettings()
    busy = busy_ports(settings)
    if busy:
        sys.stderr.write("Cannot start: these ports are already in use:\n" + "\n".join(busy) +
                         "\nStop what holds them (perhaps an earlier `make run`), or set the variables shown.\n")
        return 2
    for service in SERVICES:
        upgrade(service)
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONUNBUFFERED"] = "1"
    env.setdefault("GROUPBUY_DEV_LOGIN", "true")  # the embedded default logs in without WeChat
    # Loading the demo signs in a dozen users from 127.0.0.1, which would leave the per-address login bucket
    # empty for the first person to try the printed commands: a local stack gets a larger one.
    groups = RateLimitSettings().groups | {"auth": Bucket(capacity=100, per_second=2)}
    env.setdefault("GROUPBUY_RATE_LIMITS__GROUPS", json.dumps({name: b.model_dump() for name, b in groups.items()}))
    parts = read_procfile(ROOT / "Procfile")
    if "GROUPBUY_WECHAT__BASE_URL" not in env:  # wx.login from WeChat DevTools, codes, messages: the local fake
        env["GROUPBUY_WECHAT__BASE_URL"] = f"http://127.0.0.1:{DEV_WECHAT_PORT}"
        parts = {"wechat": ["python", "-m", "common.testing.fake_wechat", "--port", str(DEV_WECHAT_PORT)], **parts}
    supervisor = Supervisor(parts, cwd=ROOT, env=env, output=Output(sys.stdout.buffer))
    return supervisor.run(on_started=lambda: welcome(settings, supervisor))


if __name__ == "__main__":
    raise SystemExit(main())
