"""Where a buyer came from: the share a group join or a visit is attributed to, and the funnel rows.

A share is named by what the buyer opened: a ladder group's link (card, poster or the group's code, all
carrying the group's share token) is ``g<group id>``; any other mini-program code is ``s<scene>``.  The
kinds are the ones binds use (``scene``, ``share_card``, ``poster``, ``leader_code``); a visit is
reported as the mini-program sees it (``code``, ``card``, ``poster``) and counted under the same kind as a
join from it; a scanned leader's community code is a ``code`` visit, so ``leader_code`` has joins and
codes shared but its visits are counted under ``scene``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

SOURCE_KINDS = ("scene", "share_card", "poster", "leader_code")
VISIT_KINDS: dict[str, str] = {"code": "scene", "card": "share_card", "poster": "poster"}
# A leader's community code is the leader's own code; every other code a scan opens counts as ``scene``.
SCENE_KIND_SOURCES: dict[str, str] = {"referral": "scene", "product": "scene", "group": "scene",
                                      "community": "leader_code"}


def share_key(*, group_id: int | None, scene: str | None) -> str | None:
    """The share a source names: the group link when it carries one, else the scanned code."""
    if group_id is not None:
        return f"g{group_id}"
    if scene:
        return f"s{scene}"
    return None


def funnel_rows(*, shares: Mapping[str, int] | None, visits: Mapping[str, int], binds: Mapping[str, tuple[int, int]]
                | None, joins: Mapping[str, tuple[int, int]]) -> list[dict[str, int | str | None]]:
    """One row per source kind (every kind listed, then any other kind seen, e.g. ``unknown`` binds).

    ``shares`` and ``binds`` are None when the service holding them did not answer: those figures are then
    unknown (None), never 0."""
    seen: Iterable[str] = [*SOURCE_KINDS, *sorted(({*visits, *joins, *(binds or {})}) - set(SOURCE_KINDS))]
    rows: list[dict[str, int | str | None]] = []
    for kind in seen:
        bound = (binds or {}).get(kind, (0, 0))
        joined = joins.get(kind, (0, 0))
        rows.append({
            "source": kind,
            "shares": None if shares is None else shares.get(kind),
            "visits": visits.get(kind, 0),
            "binds": None if binds is None else bound[0],
            "binds_first_paid": None if binds is None else bound[1],
            "joins": joined[0],
            "joins_first_paid": joined[1],
        })
    return rows
