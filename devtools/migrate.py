"""``make migrate``: upgrade every service's database (or the ones named) to its newest revision.
``make revision svc=<name> msg=<text>``: autogenerate a new migration for one service."""

from __future__ import annotations

import argparse

from common.migrations import revision, upgrade
from common.settings import SERVICES


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="migrate")
    parser.add_argument("services", nargs="*", choices=[*SERVICES, []], default=list(SERVICES))
    parser.add_argument("--revision", metavar="MESSAGE", help="autogenerate a migration for one service")
    args = parser.parse_args(argv)
    services = args.services or list(SERVICES)
    if args.revision:
        if len(services) != 1:
            parser.error("--revision takes exactly one service")
        upgrade(services[0])
        revision(services[0], args.revision)
        return
    for service in services:
        upgrade(service)
        print(f"{service}: migrated to head")


if __name__ == "__main__":
    main()
