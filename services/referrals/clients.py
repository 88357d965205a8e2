"""Typed calls to catalog and membership over HTTP (internal routes, signed as the referrals service).

An unreachable or failing service raises ``Unavailable``: an event handler that needs the answer fails
and its event is retried; a payout simply waits for the next pass."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx

from common.http import call_internal
from services.referrals.config import Settings


class Unavailable(Exception):
    """Another service could not answer."""


class Clients:
    def __init__(self, client: httpx.AsyncClient, settings: Settings) -> None:
        self.client = client
        self.settings = settings

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
        """The new-member reward multiplier of the promotion day running at ``at`` (1 when none)."""
        answer = await self._get("catalog", "/internal/promotions/multiplier", params={"at": at.isoformat()})
        if answer.status_code != 200:
            raise Unavailable(f"catalog answered {answer.status_code} for the reward multiplier")
        return int(answer.json()["reward_multiplier"])

    async def openid(self, user_id: int) -> str | None:
        """The user's openid (where a payout goes), None when membership does not know them."""
        answer = await self._get("membership", f"/internal/users/{user_id}")
        if answer.status_code == 404:
            return None
        if answer.status_code != 200:
            raise Unavailable(f"membership answered {answer.status_code} for user {user_id}")
        return str(answer.json()["openid"])
