"""The gateway's connections to a service, against a real socket server that misbehaves the ways services
do: it closes after an error, closes idle connections, or dies between a request and its answer."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest

from common.upstream import BrokenBeforeAnswer, ConnectFailed, LeanClient, UpstreamPool, UpstreamTimeout

Handler = Callable[[int, asyncio.StreamReader, asyncio.StreamWriter], Awaitable[bool]]


class Server:
    """Counts connections and requests; ``handler(request_number, reader, writer)`` answers one request
    (after its head was read) and says whether to keep the connection."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.connections = 0
        self.requests = 0
        self.server: asyncio.base_events.Server | None = None

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                               if line.lower().startswith(b"content-length:")), 0)
                if length:
                    await reader.readexactly(length)
                self.requests += 1
                if not await self.handler(self.requests, reader, writer):
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    @property
    def port(self) -> int:
        assert self.server is not None
        return self.server.sockets[0].getsockname()[1]


@pytest.fixture
async def start() -> AsyncIterator[Callable[[Handler], Awaitable[Server]]]:
    servers: list[Server] = []

    async def starter(handler: Handler) -> Server:
        server = Server(handler)
        server.server = await asyncio.start_server(server.serve, "127.0.0.1", 0)
        servers.append(server)
        return server

    yield starter
    for server in servers:
        server.server.close()


def pool_for(server: Server, timeout_s: float = 2.0) -> UpstreamPool:
    return UpstreamPool("127.0.0.1", server.port, connect_timeout_s=1.0, timeout_s=timeout_s, max_idle=8)


def head(method: str = "GET", path: str = "/", extra: bytes = b"") -> bytes:
    return f"{method} {path} HTTP/1.1\r\nhost: test\r\n".encode() + extra + b"content-length: 0\r\n\r\n"


async def answer(writer: asyncio.StreamWriter, status: int, body: bytes, *, close: bool = False) -> None:
    writer.write(b"HTTP/1.1 %d X\r\ncontent-length: %d\r\n%s\r\n%s" % (
        status, len(body), b"connection: close\r\n" if close else b"", body))
    await writer.drain()


async def fetch(pool: UpstreamPool, method: str = "GET", *, extra: bytes = b"") -> tuple[int, bytes]:
    reply = await pool.send(head(method, extra=extra), b"", replayable=method == "GET" or bool(extra))
    body = b"".join([chunk async for chunk in reply.body()])
    reply.finish()
    return reply.status, body


async def test_a_connection_is_reused_while_the_service_keeps_it(start):
    async def ok(_n, _reader, writer):
        await answer(writer, 200, b"ok")
        return True

    server = await start(ok)
    pool = pool_for(server)
    assert [await fetch(pool) for _ in range(5)] == [(200, b"ok")] * 5
    assert server.connections == 1


async def test_after_an_error_that_closes_the_connection_the_next_caller_is_served(start):
    """A service's 500 comes with Connection: close: the next, unrelated request must not meet that
    dead connection."""
    async def fail_every_other(n, _reader, writer):
        if n % 2:
            await answer(writer, 500, b"boom", close=True)
            return False
        await answer(writer, 200, b"fine")
        return True

    server = await start(fail_every_other)
    pool = pool_for(server)
    results = [await fetch(pool, "POST") for _ in range(10)]
    assert results == [(500, b"boom"), (200, b"fine")] * 5


async def test_a_connection_the_service_closed_while_idle_is_never_handed_out(start):
    async def answer_then_hang_up(_n, _reader, writer):
        await answer(writer, 200, b"once")
        return False  # closes without saying so, as a service does with an idle keep-alive connection

    server = await start(answer_then_hang_up)
    pool = pool_for(server)
    for _ in range(5):
        assert await fetch(pool, "POST") == (200, b"once")
        await asyncio.sleep(0.05)  # the close arrives while the connection is idle
    assert server.connections == 5


async def test_a_repeatable_request_is_sent_again_when_a_reused_connection_dies_before_the_answer(start):
    async def drop_the_second(n, _reader, writer):
        if n == 2:
            return False  # reads the request, closes without answering
        await answer(writer, 200, b"%d" % n)
        return True

    server = await start(drop_the_second)
    pool = pool_for(server)
    assert await fetch(pool) == (200, b"1")
    assert await fetch(pool) == (200, b"3")  # the second request went again, on a new connection


async def test_a_request_with_an_idempotency_key_is_repeatable_too(start):
    async def drop_the_second(n, _reader, writer):
        if n == 2:
            return False
        await answer(writer, 201, b"%d" % n)
        return True

    server = await start(drop_the_second)
    pool = pool_for(server)
    key = b"idempotency-key: k-12345678\r\n"
    assert await fetch(pool, "POST", extra=key) == (201, b"1")
    assert await fetch(pool, "POST", extra=key) == (201, b"3")


async def test_a_plain_post_is_not_sent_twice(start):
    async def drop_the_second(n, _reader, writer):
        if n == 2:
            return False
        await answer(writer, 201, b"%d" % n)
        return True

    server = await start(drop_the_second)
    pool = pool_for(server)
    assert await fetch(pool, "POST") == (201, b"1")
    with pytest.raises(BrokenBeforeAnswer):
        await fetch(pool, "POST")
    assert server.requests == 2  # the service saw it once; the caller decides whether to try again


async def test_a_chunked_answer_streams_and_the_connection_is_kept(start):
    async def chunked(_n, _reader, writer):
        writer.write(b"HTTP/1.1 200 X\r\ntransfer-encoding: chunked\r\n\r\n")
        for part in (b"ab", b"cde", b"f"):
            writer.write(b"%x\r\n%s\r\n" % (len(part), part))
            await writer.drain()
            await asyncio.sleep(0.01)
        writer.write(b"0\r\n\r\n")
        return True

    server = await start(chunked)
    pool = pool_for(server)
    assert await fetch(pool) == (200, b"abcdef")
    assert await fetch(pool) == (200, b"abcdef")
    assert server.connections == 1


async def test_an_answer_to_head_does_not_wait_for_the_announced_body(start):
    async def head_answer(_n, _reader, writer):
        writer.write(b"HTTP/1.1 200 X\r\ncontent-length: 1234\r\n\r\n")
        await writer.drain()
        return True

    server = await start(head_answer)
    pool = pool_for(server, timeout_s=1.0)
    reply = await pool.send(head("HEAD"), b"", replayable=True, no_body=True)
    assert reply.status == 200 and reply.complete and reply.body_now() == b""
    reply.finish()
    assert await fetch_head_again(pool) == 200


async def fetch_head_again(pool: UpstreamPool) -> int:
    reply = await pool.send(head("HEAD"), b"", replayable=True, no_body=True)
    reply.finish()
    return reply.status


async def test_a_service_that_does_not_answer_times_out(start):
    async def silent(_n, reader, _writer):
        await reader.read()  # never answers
        return False

    server = await start(silent)
    pool = pool_for(server, timeout_s=0.3)
    with pytest.raises(UpstreamTimeout):
        await fetch(pool)


async def test_nothing_listening_is_a_connect_failure():
    pool = UpstreamPool("127.0.0.1", 9, connect_timeout_s=0.5, timeout_s=0.5, max_idle=1)
    with pytest.raises(ConnectFailed):
        await fetch(pool)


async def test_the_lean_client_speaks_json_and_raises_httpx_errors(start):
    async def echo(_n, _reader, writer):
        await answer(writer, 200, b'{"ok": true, "n": 3}')
        return True

    server = await start(echo)
    client = LeanClient(connect_timeout_s=1.0, timeout_s=1.0, max_idle=4)
    try:
        reply = await client.request("GET", f"http://127.0.0.1:{server.port}/internal/x", params={"address_id": 5},
                                     headers={"x-groupbuy-identity": "e30"})
        assert reply.status_code == 200 and reply.json() == {"ok": True, "n": 3}
        again = await client.request("POST", f"http://127.0.0.1:{server.port}/internal/y", json={"a": 1})
        assert again.status_code == 200 and server.connections == 1
        with pytest.raises(httpx.ConnectError):
            await client.request("GET", "http://127.0.0.1:9/nothing")
    finally:
        await client.aclose()
