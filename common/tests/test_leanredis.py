"""The pipelined Redis client against a real Redis: many callers at once each get their own answer, in any
mix of commands; scripts survive a flushed script cache; error answers are redis-py's errors and leave the
connection usable; a killed connection, a Redis that stops answering and one that is not there are
errors for those waiting, never a wrong answer, and the next command gets a new connection."""

from __future__ import annotations

import asyncio
import socket
import uuid
from urllib.parse import urlsplit

import pytest
from redis import exceptions as redis_errors
from redis.asyncio import Redis

from common.leanredis import LeanRedis, pack


@pytest.fixture
async def lean(infra):
    client = LeanRedis(infra.redis.url, timeout_s=5.0)
    yield client
    await client.aclose()


@pytest.fixture
async def plain(infra):
    client = Redis.from_url(infra.redis.url, decode_responses=True)
    yield client
    await client.aclose()


@pytest.fixture
def k(infra):
    run = uuid.uuid4().hex[:8]
    return lambda *parts: f"{infra.redis.prefix}lean:{run}:" + ":".join(map(str, parts))


def test_commands_are_written_as_resp():
    assert pack(["SET", "k", "值", 3, 1.5]) == (
        b"*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\n\xe5\x80\xbc\r\n$1\r\n3\r\n$3\r\n1.5\r\n")
    with pytest.raises(TypeError):
        pack(["SET", "k", True])


async def test_many_callers_at_once_each_get_their_own_answer(lean, plain, k):
    await asyncio.gather(*(lean.set(k("v", i), f"value-{i}") for i in range(300)))
    answers = await asyncio.gather(*(
        lean.get(k("v", i)) if i % 3 else lean.execute("INCR", k("counter")) for i in range(300)))
    assert [a for i, a in enumerate(answers) if i % 3] == [f"value-{i}" for i in range(300) if i % 3]
    assert sorted(a for i, a in enumerate(answers) if not i % 3) == list(range(1, 101))
    assert await plain.get(k("v", 299)) == "value-299"
    assert await lean.set(k("v", 1), "other", nx=True) is False
    assert await lean.set(k("lease"), "mine", nx=True, px=60_000) is True
    assert 0 < await plain.pttl(k("lease")) <= 60_000
    assert await lean.delete(k("lease"), k("nothing")) == 1


async def test_a_script_runs_again_after_redis_forgot_it(lean, plain, k):
    script = lean.register_script("return {redis.call('INCRBY', KEYS[1], ARGV[1]), ARGV[2]}")
    assert await script(keys=[k("s")], args=[5, "x"]) == [5, "x"]
    await plain.script_flush()
    assert await script(keys=[k("s")], args=[2, "y"]) == [7, "y"]


async def test_an_error_answer_is_raised_and_the_connection_goes_on(lean, k):
    await lean.set(k("text"), "not a number")
    results = await asyncio.gather(lean.execute("INCR", k("text")), lean.get(k("text")),
                                   lean.register_script("return redis.error_reply('NOPE')")(),
                                   return_exceptions=True)
    assert isinstance(results[0], redis_errors.ResponseError) and "not an integer" in str(results[0])
    assert results[1] == "not a number"
    assert isinstance(results[2], redis_errors.ResponseError) and "NOPE" in str(results[2])
    assert await lean.execute("PING") == "PONG"


async def test_a_killed_connection_fails_what_waits_on_it_and_the_next_command_reconnects(lean, plain, k):
    first = await lean.execute("CLIENT", "ID")
    waiting = asyncio.ensure_future(lean.execute("BLPOP", k("empty"), 5))
    await asyncio.sleep(0.2)
    assert await plain.client_kill_filter(_id=first) == 1
    with pytest.raises(redis_errors.ConnectionError):
        await waiting
    assert await lean.execute("CLIENT", "ID") != first
    assert await lean.execute("PING") == "PONG"


class _CountingWrites:
    """The connection's transport, counting the writes made through it."""

    def __init__(self, transport) -> None:
        self.transport, self.writes = transport, 0

    def write(self, data: bytes) -> None:
        self.writes += 1
        self.transport.write(data)

    def __getattr__(self, name: str):
        return getattr(self.transport, name)


async def test_commands_sent_in_one_turn_of_the_event_loop_go_in_one_write(lean, k):
    assert await lean.execute("PING") == "PONG"  # the connection is open
    connection = lean._connection
    counting = connection.transport = _CountingWrites(connection.transport)
    answers = await asyncio.gather(*(lean.execute("INCR", k("turn")) for _ in range(50)))
    assert sorted(answers) == list(range(1, 51))
    assert counting.writes == 1
    assert await lean.get(k("turn")) == "50"
    assert counting.writes == 2


async def test_commands_not_written_yet_when_the_connection_breaks_are_never_sent(lean, plain, k):
    assert await lean.execute("PING") == "PONG"
    connection = lean._connection
    unsent = connection.send(pack(["SET", k("never"), "1"]))
    connection.fail(redis_errors.ConnectionError("broken"))
    with pytest.raises(redis_errors.ConnectionError):
        await unsent
    await asyncio.sleep(0.05)  # the turn's write would have been made by now
    assert await plain.exists(k("never")) == 0
    assert await lean.execute("PING") == "PONG"  # a new connection


async def test_a_caller_who_stops_waiting_never_shifts_the_answers_of_the_others(lean, k):
    await lean.set(k("x"), "x-value")
    slow = asyncio.ensure_future(lean.execute("BLPOP", k("empty"), 1))
    await asyncio.sleep(0.1)
    slow.cancel()
    assert await lean.get(k("x")) == "x-value"  # answered after the BLPOP's nil, which nobody waits for now
    assert await lean.execute("PING") == "PONG"


async def test_a_redis_that_does_not_answer_in_time_is_a_timeout_and_then_a_new_connection(infra, k):
    client = LeanRedis(infra.redis.url, timeout_s=0.3)
    try:
        first = await client.execute("CLIENT", "ID")
        with pytest.raises(redis_errors.TimeoutError):
            await client.execute("BLPOP", k("empty"), 2)
        assert await client.execute("CLIENT", "ID") != first
    finally:
        await client.aclose()


async def test_a_redis_that_is_not_there_is_a_connection_error_at_once():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens on it once closed
    client = LeanRedis(f"redis://127.0.0.1:{port}/0", timeout_s=1.0, connect_timeout_s=1.0)
    try:
        results = await asyncio.gather(*(client.execute("PING") for _ in range(5)), return_exceptions=True)
        assert all(isinstance(r, redis_errors.ConnectionError) for r in results), results
    finally:
        await client.aclose()


async def test_the_url_database_is_selected(infra, plain, k):
    parts = urlsplit(infra.redis.url)
    assert parts.path.strip("/") in ("", "0"), infra.redis.url  # the suite's keys live in database 0
    other_url = f"{parts.scheme}://{parts.netloc}/5"
    other, other_plain = LeanRedis(other_url), Redis.from_url(other_url, decode_responses=True)
    try:
        await other.set(k("db"), "five")
        assert await other_plain.get(k("db")) == "five"
        assert await plain.get(k("db")) is None
    finally:
        await other_plain.delete(k("db"))
        await other_plain.aclose()
        await other.aclose()


def test_only_redis_urls_are_taken():
    with pytest.raises(ValueError, match="unix"):
        LeanRedis("unix:///tmp/redis.sock")
