"""Where the ops command line keeps its sign-in, and the one way it calls the gateway.

The credentials file (``~/.config/groupbuy-ops/credentials.json``, or ``--config`` / ``GROUPBUY_OPS_CONFIG``)
holds the gateway URL and the tokens; it is written whole, readable by its owner only (0600).  Every call
goes through ``Session.call``: an answer of 401 trades the refresh token for new tokens
(``POST /v1/auth/refresh``, each refresh token works once) and asks once more; any other error becomes an
``ApiError``, an unreachable gateway an ``OpsError`` — never a traceback."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
from groupbuy_client import AuthenticatedClient, Client
from groupbuy_client.api.auth import auth_refresh
from groupbuy_client.models import RefreshRequest, TokenPair
from groupbuy_client.types import UNSET, Response

from ops.errors import ApiError, OpsError

CONFIG_ENV = "GROUPBUY_OPS_CONFIG"
DEFAULT_CONFIG = Path("~/.config/groupbuy-ops/credentials.json")
TIMEOUT = httpx.Timeout(30.0, connect=5.0)
PAGE_SIZE = 100

T = TypeVar("T")


def config_path(explicit: Path | None = None) -> Path:
    if explicit is not None:
        return explicit.expanduser()
    return Path(os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG).expanduser()


@dataclass
class Credentials:
    url: str
    access_token: str
    refresh_token: str | None = None
    user_id: int | None = None

    @classmethod
    def from_tokens(cls, url: str, tokens: TokenPair) -> Credentials:
        return cls(url=url, access_token=tokens.access_token, refresh_token=tokens.refresh_token,
                   user_id=tokens.user.id)

    @classmethod
    def load(cls, path: Path) -> Credentials:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(url=data["url"], access_token=data["access_token"], refresh_token=data.get("refresh_token"),
                       user_id=data.get("user_id"))
        except FileNotFoundError:
            raise OpsError(f"not logged in ({path} does not exist): run groupbuy-ops login --url URL") from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise OpsError(f"cannot read the credentials in {path} ({exc}): run groupbuy-ops login again") from None

    def save(self, path: Path) -> None:
        """Write the file whole (a temporary file renamed over it), created 0600 so no one else reads it."""
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor, scratch = tempfile.mkstemp(prefix=".credentials-", dir=path.parent)  # mkstemp makes it 0600
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                json.dump(asdict(self), file, indent=2)
            os.chmod(scratch, 0o600)
            os.replace(scratch, path)
        except BaseException:
            Path(scratch).unlink(missing_ok=True)
            raise


def public_client(url: str) -> Client:
    """For the routes that take no token (login, refresh): a stale bearer token would be refused there."""
    return Client(base_url=url, timeout=TIMEOUT)


def bearer_client(url: str, access_token: str) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=url, token=access_token, timeout=TIMEOUT)


def send(url: str, request: Callable[[], Response[T]]) -> Response[T]:
    """Run one generated ``sync_detailed`` call, turning transport failures into one clear line."""
    try:
        return request()
    except httpx.TimeoutException:
        raise OpsError(f"the gateway at {url} did not answer in time") from None
    except httpx.HTTPError as exc:
        raise OpsError(f"cannot reach the gateway at {url}: {exc or type(exc).__name__}") from None
    except (KeyError, TypeError, ValueError) as exc:  # the generated models could not read the answer
        raise OpsError(f"the gateway at {url} answered in a shape this client does not know ({exc!r}): "
                       "is groupbuy-ops older than the gateway?") from None


def expect(url: str, response: Response[T]) -> T:
    """The parsed body of a 2xx answer; an ``ApiError`` for anything else."""
    if not 200 <= response.status_code < 300:
        raise ApiError.from_response(response)
    if response.parsed is None and response.content:
        raise OpsError(f"the gateway at {url} answered {int(response.status_code)} in a shape this client does "
                       "not know: is groupbuy-ops older than the gateway?")
    return response.parsed  # type: ignore[return-value]


class Session:
    """A signed-in operator: calls through the generated client, refreshing the token once on a 401."""

    def __init__(self, path: Path, credentials: Credentials) -> None:
        self.path, self.credentials = path, credentials
        self.client = self._client()

    @classmethod
    def open(cls, path: Path) -> Session:
        return cls(path, Credentials.load(path))

    @property
    def url(self) -> str:
        return self.credentials.url

    def _client(self) -> AuthenticatedClient:
        return bearer_client(self.credentials.url, self.credentials.access_token)

    def call(self, operation: Callable[..., Response[T]], *args: Any, **kwargs: Any) -> T:
        """``session.call(withdrawals_approve.sync_detailed, 12)`` → the parsed answer, or an error raised."""
        response = send(self.url, lambda: operation(*args, client=self.client, **kwargs))
        if response.status_code == 401:
            self.refresh()
            response = send(self.url, lambda: operation(*args, client=self.client, **kwargs))
        return expect(self.url, response)

    def refresh(self) -> None:
        if not self.credentials.refresh_token:
            raise OpsError("the access token is no longer accepted and there is no refresh token: "
                           "run groupbuy-ops login again")
        # Each refresh token works once and presenting it twice ends the login: another groupbuy-ops running
        # at the same time (a cron export, say) must not refresh with the same one, so refreshes take turns
        # and one that finds the file already refreshed uses those tokens.
        with _exclusive(self.path):
            kept = Credentials.load(self.path) if self.path.exists() else None
            if kept is not None and kept.url == self.url and kept.refresh_token != self.credentials.refresh_token:
                self.credentials = kept
            else:
                self._refresh_at_gateway()
        self.client = self._client()

    def _refresh_at_gateway(self) -> None:
        assert self.credentials.refresh_token is not None
        body = RefreshRequest(refresh_token=self.credentials.refresh_token)
        response = send(self.url, lambda: auth_refresh.sync_detailed(client=public_client(self.url), body=body))
        if response.status_code in (401, 403):
            problem = ApiError.from_response(response)
            raise OpsError(f"the session has ended ({problem.code or problem.status}): "
                           "run groupbuy-ops login again")
        tokens = expect(self.url, response)
        self.credentials = Credentials.from_tokens(self.url, tokens)
        self.credentials.save(self.path)

    def pages(self, operation: Callable[..., Response[Any]], **kwargs: Any) -> Iterator[Any]:
        """Every item of a paginated list, following ``next_cursor`` to the end."""
        cursor: str | None = None
        seen: set[str] = set()
        while True:
            page = self.call(operation, limit=PAGE_SIZE, cursor=cursor if cursor else UNSET, **kwargs)
            yield from page.items
            cursor = page.next_cursor if isinstance(page.next_cursor, str) else None
            if not cursor or cursor in seen:
                return
            seen.add(cursor)


@contextlib.contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """Hold an exclusive lock beside the credentials file (where ``fcntl`` exists; elsewhere no lock)."""
    try:
        import fcntl  # POSIX only
    except ImportError:
        yield
        return
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path.with_name(f".{path.name}.lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)
