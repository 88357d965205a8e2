"""One pipelined connection to Redis, for the few commands every request of the hot paths sends.

The gateway asks Redis on every request (its rate limits, one script), and orders on every order (the
flash sale's gate, the Idempotency-Key's lease).  redis-py's asyncio client spends ~100-125 µs of the
event loop per command on this machine (its pool, its retry wrapper, a stream reader per connection),
more than the gateway spends forwarding a request; here a command costs ~15-60 µs.  So those calls go
through this small client, the way the services' HTTP hops go through ``common.upstream``; everything
else (streams, pipelines, the relay and consumers, tools) keeps redis-py.

How it works: one TCP (or TLS, ``rediss://``) connection per client, opened at the first command and
again after it broke.  Commands are written without waiting for earlier answers (Redis answers each
connection's commands in order), those sent in the same turn of the event loop in one write at its end,
and hiredis parses the answers, which are handed to the waiting callers first in, first out.  ``AUTH``
and ``SELECT`` of the URL are sent when it opens.

What callers see is redis-py's: ``redis.exceptions.ResponseError`` (``NoScriptError`` …) for an error
answer, ``ConnectionError`` when Redis cannot be reached or the connection broke (every command waiting
on it gets it; none is sent again, since a command may have been carried out), ``TimeoutError`` when no
answer came within ``timeout_s`` (the connection is then closed: answers after it would be mismatched).
A caller that stops waiting (cancelled) leaves its place in the line; its answer is dropped on arrival.
Scripts keep redis-py's ``register_script`` surface: ``await script(keys=[…], args=[…])``, by EVALSHA,
loaded again on ``NOSCRIPT`` (a restarted or flushed Redis).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import ssl
from collections import deque
from collections.abc import Sequence
from typing import Any
from urllib.parse import unquote, urlsplit

import hiredis
from redis import exceptions as redis_errors


def pack(args: Sequence[Any]) -> bytes:
    """A command in RESP: an array of bulk strings."""
    out = [b"*%d\r\n" % len(args)]
    for arg in args:
        if isinstance(arg, bytes):
            data = arg
        elif isinstance(arg, str):
            data = arg.encode()
        elif isinstance(arg, bool):
            raise TypeError("a Redis argument cannot be a bool")
        elif isinstance(arg, int | float):
            data = repr(arg).encode()
        else:
            raise TypeError(f"a Redis argument cannot be a {type(arg).__name__}")
        out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)


def _error(reply: hiredis.ReplyError) -> redis_errors.ResponseError:
    message = str(reply)
    if message.startswith("NOSCRIPT"):
        return redis_errors.NoScriptError(message)
    if message.startswith(("NOAUTH", "WRONGPASS")):
        return redis_errors.AuthenticationError(message)
    return redis_errors.ResponseError(message)


class _Connection(asyncio.Protocol):
    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.reader = hiredis.Reader(encoding="utf-8", errors="replace")
        self.waiting: deque[asyncio.Future[Any]] = deque()
        self.lost: Exception | None = None
        self.unsent: list[bytes] = []  # commands sent in this turn of the event loop, written at its end

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.reader.feed(data)
        while True:
            try:
                reply = self.reader.gets()
            except hiredis.ProtocolError as exc:
                self.fail(redis_errors.ConnectionError(f"Redis answered something that is not RESP: {exc}"))
                return
            if reply is False:
                return
            if not self.waiting:  # an answer nobody asked for: the line is out of step
                self.fail(redis_errors.ConnectionError("Redis answered more than it was asked"))
                return
            answer = self.waiting.popleft()
            if not answer.done():
                if isinstance(reply, hiredis.ReplyError):
                    answer.set_exception(_error(reply))
                else:
                    answer.set_result(reply)

    def connection_lost(self, exc: Exception | None) -> None:
        self.fail(redis_errors.ConnectionError(f"the connection to Redis was lost ({exc or 'closed'})"))

    def fail(self, error: Exception) -> None:
        """Close; every command still waiting gets ``error``."""
        if self.lost is None:
            self.lost = error
        if self.transport is not None:
            self.transport.close()
        while self.waiting:
            answer = self.waiting.popleft()
            if not answer.done():
                answer.set_exception(error)

    def send(self, command: bytes) -> asyncio.Future[Any]:
        if self.lost is not None:
            raise self.lost
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[Any] = loop.create_future()
        self.waiting.append(answer)
        if not self.unsent:
            loop.call_soon(self.flush)
        self.unsent.append(command)
        return answer

    def flush(self) -> None:
        """Write what this turn of the event loop sent, in one write: under load many requests ask Redis
        in the same turn, and each write is a system call that wakes Redis."""
        commands, self.unsent = self.unsent, []
        if self.lost is None and commands:
            assert self.transport is not None
            self.transport.write(b"".join(commands))


class LeanRedis:
    """``execute(*args)``, ``set``/``get``/``delete`` and ``register_script`` over one pipelined connection."""

    def __init__(self, url: str, *, timeout_s: float = 5.0, connect_timeout_s: float = 2.0) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("redis", "rediss"):
            raise ValueError(f"LeanRedis speaks redis:// and rediss://, not {parts.scheme}://")
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 6379
        self.tls = parts.scheme == "rediss"
        self.timeout_s, self.connect_timeout_s = timeout_s, connect_timeout_s
        self._setup: list[bytes] = []
        if parts.password:
            auth = [unquote(parts.username), unquote(parts.password)] if parts.username else [unquote(parts.password)]
            self._setup.append(pack(["AUTH", *auth]))
        database = parts.path.strip("/")
        if database and database != "0":
            self._setup.append(pack(["SELECT", int(database)]))
        self._connection: _Connection | None = None
        self._opening: asyncio.Future[_Connection] | None = None

    # --- commands -------------------------------------------------------------------------------------

    async def execute(self, *args: Any) -> Any:
        from common import tracing  # here: common.tracing reaches common.redis, which imports this

        command = pack(args)
        if tracing.tracer is None:
            return await self._call(command)
        from opentelemetry.trace import SpanKind

        with tracing.tracer.start_as_current_span(str(args[0]), kind=SpanKind.CLIENT, attributes={
                "db.system": "redis", "db.statement": str(args[0]), "net.peer.name": self.host,
                "net.peer.port": self.port}):
            return await self._call(command)

    async def set(self, name: str, value: str, *, nx: bool = False, px: int | None = None) -> bool:
        args: list[Any] = ["SET", name, value]
        if px is not None:
            args += ["PX", int(px)]
        if nx:
            args.append("NX")
        return await self.execute(*args) == "OK"

    async def get(self, name: str) -> str | None:
        return await self.execute("GET", name)

    async def delete(self, *names: str) -> int:
        return await self.execute("DEL", *names)

    def register_script(self, text: str) -> LeanScript:
        return LeanScript(self, text)

    async def _call(self, command: bytes) -> Any:
        connection = self._connection
        if connection is None or connection.lost is not None:
            connection = await self._open()
        answer = connection.send(command)
        timer = asyncio.get_running_loop().call_later(self.timeout_s, self._expire, connection, answer)
        try:
            return await answer
        finally:
            timer.cancel()

    def _expire(self, connection: _Connection, answer: asyncio.Future[Any]) -> None:
        if not answer.done():
            # Answers that come later would go to the wrong callers: this connection is done.
            connection.fail(redis_errors.TimeoutError(f"Redis did not answer within {self.timeout_s} s"))

    # --- the connection -------------------------------------------------------------------------------

    async def _open(self) -> _Connection:
        """The connection, opened by the first caller who needs it; the others wait for that one."""
        if self._opening is None or self._opening.done():
            self._opening = asyncio.ensure_future(self._connect())
        opening = self._opening
        try:
            connection = await asyncio.shield(opening)
        finally:
            if opening.done() and not opening.cancelled():
                opening.exception()  # retrieved: a failed opening is every waiter's error, not the loop's
        return connection

    async def _connect(self) -> _Connection:
        loop = asyncio.get_running_loop()
        try:
            _transport, connection = await asyncio.wait_for(
                loop.create_connection(_Connection, self.host, self.port,
                                       ssl=ssl.create_default_context() if self.tls else None),
                self.connect_timeout_s)
        except (OSError, TimeoutError) as exc:
            raise redis_errors.ConnectionError(f"Redis at {self.host}:{self.port} cannot be reached: {exc!r}") from exc
        try:
            for command in self._setup:
                await asyncio.wait_for(connection.send(command), self.connect_timeout_s)
        except TimeoutError as exc:
            error = redis_errors.ConnectionError("Redis did not answer the connection's AUTH or SELECT in time")
            connection.fail(error)
            raise error from exc
        except BaseException:
            connection.fail(redis_errors.ConnectionError("the connection to Redis could not be set up"))
            raise
        self._connection = connection
        return connection

    async def aclose(self) -> None:
        if self._opening is not None and not self._opening.done():
            self._opening.cancel()
            with contextlib.suppress(BaseException):
                await self._opening
        if self._connection is not None:
            self._connection.fail(redis_errors.ConnectionError("the client was closed"))
            self._connection = None


class LeanScript:
    """A Lua script run by EVALSHA (``await script(keys=[…], args=[…])``), loaded again when Redis lost it."""

    def __init__(self, client: LeanRedis, text: str) -> None:
        self.client, self.text = client, text
        self.sha = hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()

    async def __call__(self, keys: Sequence[str] = (), args: Sequence[Any] = ()) -> Any:
        try:
            return await self.client.execute("EVALSHA", self.sha, len(keys), *keys, *args)
        except redis_errors.NoScriptError:
            await self.client.execute("SCRIPT", "LOAD", self.text)
            return await self.client.execute("EVALSHA", self.sha, len(keys), *keys, *args)
