"""Keep-alive HTTP/1.1 connections to the other parts, for the calls on the buying path.

The gateway forwards every request and orders asks catalog and membership on every order, so these hops
use this small client rather than a general-purpose one (whose pool bookkeeping alone cost more than a
tenth of a process's time): a protocol per connection with httptools' C parser (the one uvicorn uses),
bodies passed through as they arrive, and a pool of idle connections per service.  ``LeanClient`` puts
the surface of ``httpx.AsyncClient.request`` over it for the services' typed clients, raising httpx's own
errors; everything else (WeChat, webhooks, ops tools) keeps httpx.  Each call carries the request id and,
while tracing is on, runs in a client span whose context goes on with it (``common/tracing.py``).

Rules of reuse (what keeps a dead pooled connection from failing an unrelated caller):
- a connection goes back to the pool only after a complete response that allows keep-alive
  (a ``Connection: close``, an error, an unread body: closed instead);
- a connection the service closed while idle is noticed (``connection_lost``) and never handed out;
- when a reused connection still dies before the first byte of the answer (the service closed it at
  that very moment), the request is sent again on a new connection if repeating it cannot do harm:
  an idempotent method, or a request carrying an ``Idempotency-Key``, with a body the gateway holds
  (the rule Go's HTTP client follows).  Otherwise the caller gets a 502 and decides.
"""

from __future__ import annotations

import asyncio
import json as jsonlib
from collections import deque
from collections.abc import AsyncIterator, Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit

import httptools
import httpx

from common import tracing
from common.requestid import current_request_id

HOP_BY_HOP = frozenset({
    b"connection", b"keep-alive", b"proxy-authenticate", b"proxy-authorization", b"te", b"trailer",
    b"trailers", b"transfer-encoding", b"upgrade", b"host",
})


class UpstreamError(Exception):
    """The service could not be reached, or broke the connection."""


class ConnectFailed(UpstreamError):
    pass


class UpstreamTimeout(UpstreamError):
    pass


class BrokenBeforeAnswer(UpstreamError):
    """The connection died before any byte of the answer: the request may or may not have been read."""


class _Connection(asyncio.Protocol):
    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.closed = False
        self.reused = False
        self._reset()

    def _reset(self) -> None:
        self.status = 0
        self.headers: list[tuple[bytes, bytes]] = []
        self.head_done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.chunks: deque[bytes] = deque()
        self.readable = asyncio.Event()
        self.complete = False
        self.reusable = False
        self.no_body = False  # an answer to HEAD: its Content-Length announces a body that never comes
        self.answered = False  # any byte of the answer arrived
        self.error: BaseException | None = None

    # asyncio.Protocol ------------------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.answered = True
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self._fail(UpstreamError(f"unreadable answer: {exc}"))

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if not self.complete:
            if self.answered:
                self._fail(UpstreamError("the service closed the connection mid-answer"))
            else:
                self._fail(BrokenBeforeAnswer("the service closed the connection"))

    # httptools callbacks -----------------------------------------------------------------------------

    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers.append((name.lower(), value))

    def on_headers_complete(self) -> None:
        self.status = self.parser.get_status_code()
        self.reusable = self.parser.should_keep_alive()  # read here: after the message the parser forgets
        if self.no_body:
            # The parser would wait for the announced body: this connection is done with after the head.
            self.complete, self.closed = True, True
            self.readable.set()
        if not self.head_done.done():
            self.head_done.set_result(None)

    def on_body(self, body: bytes) -> None:
        self.chunks.append(body)
        self.readable.set()

    def on_message_complete(self) -> None:
        self.complete = True
        self.readable.set()

    # ---------------------------------------------------------------------------------------------

    def _fail(self, error: BaseException) -> None:
        self.error = error
        if not self.head_done.done():
            self.head_done.set_exception(error)
            self.head_done.exception()  # retrieved here; raised again where it is awaited
        self.readable.set()

    def close(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.close()

    @property
    def keep_alive(self) -> bool:
        return self.complete and self.error is None and not self.closed and not self.chunks and self.reusable


class Answer:
    """A service's answer: status and headers at once, the body as it arrives."""

    def __init__(self, pool: UpstreamPool, conn: _Connection, read_timeout_s: float) -> None:
        self.pool, self.conn, self.read_timeout_s = pool, conn, read_timeout_s
        self.status = conn.status
        self.headers = conn.headers
        self._done = False

    @property
    def complete(self) -> bool:
        """The whole body has arrived already (small answers: one message to the caller)."""
        return self.conn.complete and self.conn.error is None

    def body_now(self) -> bytes:
        data = b"".join(self.conn.chunks)
        self.conn.chunks.clear()
        return data

    async def body(self) -> AsyncIterator[bytes]:
        conn = self.conn
        while True:
            while conn.chunks:
                yield conn.chunks.popleft()
            if conn.error is not None:
                raise conn.error
            if conn.complete:
                return
            conn.readable.clear()
            try:
                async with asyncio.timeout(self.read_timeout_s):
                    await conn.readable.wait()
            except TimeoutError as exc:
                raise UpstreamTimeout("the service stopped sending its answer") from exc

    def finish(self) -> None:
        """Give the connection back (only when the answer was read whole and allows reuse)."""
        if self._done:
            return
        self._done = True
        self.pool.release(self.conn)


class UpstreamPool:
    """Idle keep-alive connections to one service."""

    def __init__(self, host: str, port: int, *, connect_timeout_s: float, timeout_s: float, max_idle: int) -> None:
        self.host, self.port = host, port
        self.connect_timeout_s, self.timeout_s, self.max_idle = connect_timeout_s, timeout_s, max_idle
        self.idle: deque[_Connection] = deque()
        self.host_header = f"{host}:{port}".encode()

    async def _connect(self) -> _Connection:
        loop = asyncio.get_running_loop()
        try:
            _, conn = await asyncio.wait_for(loop.create_connection(_Connection, self.host, self.port),
                                             self.connect_timeout_s)
        except (OSError, TimeoutError) as exc:
            raise ConnectFailed(f"cannot connect to {self.host}:{self.port}: {exc!r}") from exc
        return conn

    async def _checkout(self) -> _Connection:
        while self.idle:
            conn = self.idle.pop()  # the most recently used: the least likely to have been closed
            if not conn.closed:
                conn.reused = True
                conn._reset()
                return conn
        return await self._connect()

    def release(self, conn: _Connection) -> None:
        if conn.keep_alive and len(self.idle) < self.max_idle:
            self.idle.append(conn)
        else:
            conn.close()

    def close(self) -> None:
        while self.idle:
            self.idle.pop().close()

    async def send(self, head: bytes, body: bytes | AsyncIterator[bytes], *, replayable: bool,
                   no_body: bool = False) -> Answer:
        """Send one request (``head`` is its request line and headers) and wait for the answer's head."""
        for attempt in (1, 2):
            conn = await self._checkout()
            conn.no_body = no_body
            try:
                return await self._exchange(conn, head, body)
            except BrokenBeforeAnswer:
                conn.close()
                if attempt == 2 or not conn.reused or not replayable or not isinstance(body, bytes):
                    raise
            except BaseException:
                conn.close()
                raise
        raise AssertionError("unreachable")

    async def _exchange(self, conn: _Connection, head: bytes, body: bytes | AsyncIterator[bytes]) -> Answer:
        transport = conn.transport
        assert transport is not None
        if isinstance(body, bytes):
            transport.write(head + body)
        else:
            transport.write(head)
            async for chunk in body:
                if chunk:
                    transport.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                if conn.closed:
                    break
            transport.write(b"0\r\n\r\n")
        try:
            await asyncio.wait_for(asyncio.shield(conn.head_done), self.timeout_s)
        except TimeoutError as exc:
            raise UpstreamTimeout("the service did not answer in time") from exc
        return Answer(self, conn, self.timeout_s)


class LeanAnswer:
    """What the services' clients read of an answer: ``status_code``, ``headers``, ``content``, ``json()``."""

    def __init__(self, status_code: int, headers: list[tuple[bytes, bytes]], content: bytes) -> None:
        self.status_code = status_code
        self.headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in headers}
        self.content = content

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return jsonlib.loads(self.content)


class LeanClient:
    """``request(method, url, headers=, json=, params=)`` over one ``UpstreamPool`` per host."""

    def __init__(self, *, connect_timeout_s: float, timeout_s: float, max_idle: int) -> None:
        self.connect_timeout_s, self.timeout_s, self.max_idle = connect_timeout_s, timeout_s, max_idle
        self.pools: dict[tuple[str, int], UpstreamPool] = {}

    def _pool(self, host: str, port: int) -> UpstreamPool:
        pool = self.pools.get((host, port))
        if pool is None:
            pool = self.pools[(host, port)] = UpstreamPool(host, port, connect_timeout_s=self.connect_timeout_s,
                                                           timeout_s=self.timeout_s, max_idle=self.max_idle)
        return pool

    async def request(self, method: str, url: str, *, headers: Mapping[str, str] | None = None, json: Any = None,
                      params: Mapping[str, Any] | None = None) -> LeanAnswer:
        if tracing.tracer is None:
            return await self._request(method, url, headers=headers, json=json, params=params)
        parts = urlsplit(url)
        with tracing.outgoing(method, host=parts.hostname or "", port=parts.port or 80, url=url) as call:
            answer = await self._request(method, url, headers={**(headers or {}), **call.headers}, json=json,
                                         params=params)
            call.answered(answer.status_code)
        return answer

    async def _request(self, method: str, url: str, *, headers: Mapping[str, str] | None, json: Any,
                       params: Mapping[str, Any] | None) -> LeanAnswer:
        parts = urlsplit(url)
        target = parts.path or "/"
        query = "&".join(q for q in (parts.query, urlencode(params) if params else "") if q)
        if query:
            target += "?" + query
        body = b"" if json is None else jsonlib.dumps(json, separators=(",", ":")).encode()
        lines = [f"{method} {target} HTTP/1.1", f"host: {parts.netloc}", f"content-length: {len(body)}"]
        if json is not None:
            lines.append("content-type: application/json")
        request_id = current_request_id()
        if request_id:
            lines.append(f"x-request-id: {request_id}")
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        pool = self._pool(parts.hostname or "127.0.0.1", parts.port or 80)
        try:
            answer = await pool.send(head, body, replayable=method in ("GET", "HEAD"))
            content = b"".join([chunk async for chunk in answer.body()])
        except ConnectFailed as exc:
            raise httpx.ConnectError(str(exc)) from exc
        except UpstreamTimeout as exc:
            raise httpx.ReadTimeout(str(exc)) from exc
        except UpstreamError as exc:
            raise httpx.RemoteProtocolError(str(exc)) from exc
        answer.finish()
        return LeanAnswer(answer.status, answer.headers, content)

    async def aclose(self) -> None:
        for pool in self.pools.values():
            pool.close()
