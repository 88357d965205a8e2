"""A consumer of the test stream in a process of its own, for the crash tests; it runs until killed::

    python -m common.tests.events_worker --database URL --redis URL --prefix P --name NAME
"""

from __future__ import annotations

import argparse
import asyncio
import logging

from common.consumer import Consumer
from common.db import Database
from common.leanredis import LeanRedis
from common.redis import make_redis
from common.relay import run_until_stopped
from common.settings import RedisSettings
from common.tests.events_support import GROUP, fast_settings, handlers, tables


async def consume(database_url: str, redis_settings: RedisSettings, name: str) -> None:
    database = Database.connect(database_url, pool_size=2)
    redis = make_redis(redis_settings)
    lean = LeanRedis(redis_settings.url)  # new entries read and acknowledged as the services' consumers do
    try:
        consumer = Consumer(group=GROUP, handlers=handlers, tables=tables, database=database, redis=redis,
                            redis_settings=redis_settings, settings=fast_settings(), name=name, lean=lean)
        await run_until_stopped(consumer.run)
    finally:
        await lean.aclose()
        await redis.aclose()
        await database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--redis", required=True)
    parser.add_argument("--prefix", required=True)
    parser.add_argument("--name", required=True)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    asyncio.run(consume(args.database, RedisSettings(url=args.redis, prefix=args.prefix), args.name))


if __name__ == "__main__":
    main()
