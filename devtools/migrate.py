"""``make migrate``: upgrade every service's database (or the ones named) to its newest revision.
``make revision svc=<name> msg=<text>``: autogenerate a new migration for one service.

Naming no service means every service.  Names are checked here rather than by argparse ``choices``:
on Python 3.11 argparse checks an empty optional list against the choices, and refuses it."""

from __future__ import annotations

import argparse

from common.migrations import revision, upgrade
from common.settings import SERVICES


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="migrate")
    parser.add_argument("services", nargs="*", metavar="SERVICE",
                        help=f"{', '.join(SERVICES)}; every service when none is named")
    parser.add_argument("--revision", metavar="MESSAGE", help="autogenerate a migration for one service")
    args = parser.parse_args(argv)
    unknown = [name for name in args.services if name not in SERVICES]
    if unknown:
        parser.error(f"no such service: {', '.join(unknown)} (choose from {', '.join(SERVICES)})")
    if args.revision and len(args.services) != 1:
        parser.error("--revision takes exactly one service")
    args.services = args.services or list(SERVICES)
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    if args.revision:
        upgrade(args.services[0])
        revision(args.services[0], args.revision)
        return
    for service in args.services:
        upgrade(service)
        print(f"{service}: migrated to head")


if __name__ == "__main__":
    main()
