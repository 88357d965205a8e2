"""Dead letters listed either way: newest first paging with ``before``, oldest first with ``after``; the
two walks are each other's reverse."""

from __future__ import annotations

from redis.asyncio import Redis

from common.bus import dead_letter_key, list_dead_letters
from common.settings import RedisSettings


async def walk(redis: Redis, settings: RedisSettings, *, ascending: bool) -> list[str]:
    seen: list[str] = []
    while True:
        page = await list_dead_letters(redis, settings, "orders", limit=2, ascending=ascending,
                                       **({"after": seen[-1]} if ascending else {"before": seen[-1]}) if seen else {})
        if not page:
            return seen
        seen += [letter.id for letter in page]


async def test_dead_letters_page_both_ways(redis: Redis, redis_settings: RedisSettings) -> None:
    made = [await redis.xadd(dead_letter_key(redis_settings, "orders"), {"group": "orders", "error": f"e{n}"})
            for n in range(5)]
    assert await walk(redis, redis_settings, ascending=True) == made
    assert await walk(redis, redis_settings, ascending=False) == made[::-1]
    assert await list_dead_letters(redis, redis_settings, "orders", ascending=True, after=f"{2**64}-0") == []
    assert len(await list_dead_letters(redis, redis_settings, "orders", ascending=True, after="0-0")) == 5
