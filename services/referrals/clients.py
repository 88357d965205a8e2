"""Typed calls to catalog and membership over HTTP (internal routes, signed as the referrals service).

An unreachable or failing service raises ``Unavailable``: an event handler that needs the answer fails
and its event is retried; a payout simply waits for the next pass."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

import httpx

from common.http import call_internal
from services.referrals.config import Settings

MULTIPLIER_CACHE_S = 5.0


def _moment(raw: str | None) -> datetime | None:
    return datetime.fromisoformat(raw) if raw else None


class Unavailable(Exception):
    """Another service could not answer."""


class Clients:
    def __init__(self, client: httpx.AsyncClient, settings: Settings) -> None:
        self.client = client
        self.settings = settings
        self._multiplier_span: tuple[datetime | None, datetime | None, int, float] | None = None

    async def _get(self, part: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            answer = await call_internal(self.client, key=self.settings.internal_key, caller="referrals",
                                         base_url=self.settings.topology.part(part).url, method="GET", path=path,
                                         **kwargs)
        except httpx.HTTPError as exc:
            raise Unavailable(f"the {part} service is not reachable: {exc!r}") from exc
        if answer.status_code >= 500:
            raise Unavailable(f"the {part} service failed ({answer.status_code})")
        return answer

    async def reward_multiplier(self, at: datetime) -> int:
        """The new-member reward multiplier of the promotion day running at ``at`` (1 when none).  Catalog
        answers with the span around ``at`` in which no promotion day starts or ends; a later moment in that
        span is answered from it for ``MULTIPLIER_CACHE_S`` (a promotion day planned meanwhile counts after
        that), so a burst of first orders asks catalog about once."""
        span = self._multiplier_span
        if span is not None and time.monotonic() - span[3] < MULTIPLIER_CACHE_S and \
                (span[0] is None or span[0] <= at) and (span[1] is None or at < span[1]):
            return span[2]
        answer = await self._get("catalog", "/internal/promotions/multiplier", params={"at": at.isoformat()})
        if answer.status_code != 200:
            raise Unavailable(f"catalog answered {answer.status_code} for the reward multiplier")
        found = answer.json()
        multiplier = int(found["reward_multiplier"])
        self._multiplier_span = (_moment(found.get("steady_from")), _moment(found.get("steady_until")), multiplier,
                                 time.monotonic())
        return multiplier

    async def scene_stats(self) -> list[dict[str, Any]]:
        """Mini-program codes shared and visited per kind (the top of the share funnel)."""
        answer = await self._get("membership", "/internal/scenes/stats")
        if answer.status_code != 200:
            raise Unavailable(f"membership answered {answer.status_code} for the scene stats")
        return list(answer.json())

    async def openid(self, user_id: int) -> str | None:
        """The user's openid (where a payout goes), None when membership does not know them."""
        answer = await self._get("membership", f"/internal/users/{user_id}")
        if answer.status_code == 404:
            return None
        if answer.status_code != 200:
            raise Unavailable(f"membership answered {answer.status_code} for user {user_id}")
        return str(answer.json()["openid"])
