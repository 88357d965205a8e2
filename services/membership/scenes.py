"""Mini-program codes (小程序码) and their scenes.

WeChat's ``wxacode.getUnlimited`` makes a code that opens one page with a ``scene`` of at most 32
characters, so a code never carries its meaning itself: it carries a short id (10 characters of an
unambiguous alphabet) that ``GET /v1/scenes/{scene}`` resolves to what was shared — a referral (the
sharer's code), a product, a ladder group ("join my neighbours") or a leader's community — and counts
the visit (share → visit, for the funnel).

Decisions:
- One scene per (kind, target, sharer): asking again answers the same scene and the same image, so a
  poster printed yesterday still works and ops count one share per thing shared.
- Anyone signed in may share a product or a referral code (a referral scene made with someone else's code
  only ever benefits that code's owner; referrals checks the bind as any bind).  Only the community's
  leader, or ops, may make its community code.
- A ladder group's code ("join my neighbours") carries the group's share link: orders, which owns the
  group, answers its share token only to a participant or ops (anyone else: 404, as for no group), and the
  scene opens the group's page with it (``id=<group>&share=<token>``), so a neighbour who scans it reads
  the group and their join is attributed to that share (``services/orders/share_funnel.py``).  The token
  is kept with the target (``<group id>.<token>``; the token never holds a dot), so scanning asks nobody.
- Images are cached in the scene's row per ``env_version`` (``GROUPBUY_WECHAT__ENV_VERSION``: trial builds
  get codes that open the trial build); the image route is public, as an ``<image src>`` cannot send a
  token, and shows nothing but the scene.
- WeChat unreachable answers 503 ``wechat_unavailable`` (try again); a refusal 502 ``wechat_error``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import httpx
import sqlalchemy as sa
from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.auth import CurrentUser, ServiceCaller
from common.clock import now
from common.db import SessionDep, WriteSessionDep
from common.http import call_internal
from common.problems import Problem, not_found
from common.randomtext import random_text
from services.membership.models import Community, ShareScene
from services.membership.wechat_token import WeChatError, WeChatUnavailable, wechat_server

ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i: read aloud from a poster without mistakes
SCENE_LENGTH = 10
SceneId = Annotated[str, Path(min_length=SCENE_LENGTH, max_length=SCENE_LENGTH, pattern=f"^[{ALPHABET}]+$")]
Kind = Literal["referral", "product", "group", "community"]

PAGES: dict[str, tuple[str, str]] = {  # kind → (page the code opens, the query the page reads)
    "referral": ("pages/index/index", "ref"),
    "product": ("pages/product/detail", "id"),
    "group": ("pages/group/detail", "id"),
    "community": ("pages/community/index", "id"),
}


class SceneCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Kind
    target: str = Field(min_length=1, max_length=16, pattern=r"^[A-Za-z0-9]+$",
                        description="The referral code, or the product, group or community id")


class ScenePublic(BaseModel):
    scene: str
    kind: Kind
    target: str
    page: str = Field(description="The mini-program page the code opens")
    query: str = Field(description="What that page reads, e.g. ``ref=AB12CD``")
    image_url: str = Field(description="The code as a PNG (GET, no credentials needed)")
    share_token: str | None = Field(default=None, description="A group's share token (kind ``group``): pass it "
                                                              "on as the order's ``source``")


class SceneStats(BaseModel):
    kind: str
    shares: int
    visits: int


def _public(row: ShareScene) -> ScenePublic:
    page, name = PAGES[row.kind]
    target, _, token = row.target.partition(".")
    query = f"{name}={target}" + (f"&share={token}" if token else "")
    return ScenePublic(scene=row.scene, kind=row.kind, target=target, page=page, query=query,
                       image_url=f"/v1/scenes/{row.scene}/code.png", share_token=token or None)


async def _group_share_token(state: object, *, group_id: str, user_id: int, staff: bool) -> str:
    """The group's share token from orders, when this user may share the group; 404 otherwise."""
    settings = state.settings  # type: ignore[attr-defined]
    try:
        answer = await call_internal(state.http, key=settings.internal_key, caller="membership",  # type: ignore[attr-defined]
                                     base_url=settings.topology.part("orders").url, method="GET",
                                     path=f"/internal/groups/{group_id}/share-link",
                                     params={"user_id": user_id, "staff": str(staff).lower()})
    except httpx.HTTPError as exc:
        raise Problem(503, "service_unavailable", "The orders service is not reachable; try again",
                      headers={"Retry-After": "1"}) from exc
    if answer.status_code == 404:
        raise not_found("group", group_id)
    if answer.status_code != 200:
        raise Problem(502, "bad_gateway", f"The orders service failed ({answer.status_code})")
    return str(answer.json()["share_token"])


def _target(kind: str, target: str) -> str:
    if kind == "referral":
        return target.upper()
    if not target.isdigit() or not 1 <= int(target) <= 2**31 - 1:
        raise Problem(422, "invalid_scene_target", f"a {kind} is named by its numeric id")
    return str(int(target))


async def make_scene(*, session: AsyncSession, state: object, user_id: int, roles: frozenset[str] | set[str],
                     scene_in: SceneCreate) -> ScenePublic:
    target = _target(scene_in.kind, scene_in.target)
    if scene_in.kind == "group":
        token = await _group_share_token(state, group_id=target, user_id=user_id, staff=bool(roles & {"ops", "admin"}))
        target = f"{target}.{token}"
    if scene_in.kind == "community" and not roles & {"ops", "admin"}:
        community = await session.get(Community, int(target))
        if community is None or community.leader_user_id != user_id:
            raise Problem(403, "not_community_leader", "only the community's leader shares its code")
    query = select(ShareScene).where(ShareScene.kind == scene_in.kind, ShareScene.target == target,
                                     ShareScene.sharer_user_id == user_id)
    found = (await session.exec(query)).first()
    if found is None:
        try:
            async with session.begin_nested():
                found = ShareScene(scene=random_text(ALPHABET, SCENE_LENGTH),
                                   kind=scene_in.kind, target=target, page=PAGES[scene_in.kind][0],
                                   sharer_user_id=user_id, created_at=now())
                session.add(found)
        except sa.exc.IntegrityError:  # the same share made concurrently (or, once in 10^14, a clash): reread
            found = (await session.exec(query)).one()
    answer = _public(found)
    await session.commit()
    return answer


async def resolve(*, session: AsyncSession, scene: str) -> ScenePublic:
    """What a scanned code stands for; counts the visit."""
    changed = await session.exec(sa.update(ShareScene).where(col(ShareScene.scene) == scene)
                                 .values(visits=ShareScene.visits + 1))
    if not changed.rowcount:
        raise not_found("scene", scene)
    row = (await session.exec(select(ShareScene).where(ShareScene.scene == scene))).one()
    answer = _public(row)
    await session.commit()
    return answer


async def code_image(*, session: AsyncSession, state: object, scene: str) -> bytes:
    """The scene's mini-program code as PNG, made once per ``env_version``."""
    env_version = state.settings.wechat.env_version  # type: ignore[attr-defined]
    row = (await session.exec(select(ShareScene).where(ShareScene.scene == scene))).first()
    if row is None:
        raise not_found("scene", scene)
    if row.image_png is not None and row.image_env_version == env_version:
        return row.image_png
    try:
        answer = await wechat_server(state).call("/wxa/getwxacodeunlimit", {
            "scene": row.scene, "page": row.page, "check_path": False, "env_version": env_version, "width": 430})
    except WeChatUnavailable as exc:
        raise Problem(503, "wechat_unavailable", "WeChat could not make the code now; try again",
                      headers={"Retry-After": "2"}) from exc
    except WeChatError as exc:
        raise Problem(502, "wechat_error", f"WeChat refused to make the code ({exc})") from exc
    if not answer.headers.get("content-type", "").startswith("image/"):
        raise Problem(502, "wechat_error", "WeChat answered without an image")
    row.image_png, row.image_env_version = answer.content, env_version
    session.add(row)
    await session.commit()
    return answer.content


async def stats(*, session: AsyncSession, since: datetime | None = None,
                until: datetime | None = None) -> list[SceneStats]:
    """Per kind, the scenes made (in [since, until) when given) and their resolutions."""
    query = select(ShareScene.kind, func.count(), func.coalesce(func.sum(ShareScene.visits), 0))
    if since is not None:
        query = query.where(col(ShareScene.created_at) >= since)
    if until is not None:
        query = query.where(col(ShareScene.created_at) < until)
    rows = (await session.exec(query.group_by(ShareScene.kind).order_by(ShareScene.kind))).all()
    return [SceneStats(kind=kind, shares=shares, visits=visits) for kind, shares, visits in rows]


scenes = APIRouter(prefix="/v1/scenes", tags=["scenes"])
internal = APIRouter(prefix="/internal/scenes", include_in_schema=False)


@scenes.post("", operation_id="scenes_create", response_model=ScenePublic, status_code=201)
async def create_scene(body: SceneCreate, user: CurrentUser, session: WriteSessionDep,
                       request: Request) -> ScenePublic:
    """A scene for a mini-program code sharing a referral, a product, a ladder group (its participants or
    ops: the code carries the group's share link) or a community."""
    return await make_scene(session=session, state=request.app.state, user_id=user.user_id, roles=set(user.roles),
                            scene_in=body)


@scenes.get("/{scene}", operation_id="scenes_resolve", response_model=ScenePublic)
async def get_scene(scene: SceneId, session: WriteSessionDep) -> ScenePublic:
    """What a scanned code's ``scene`` stands for (the page and the query to open it with)."""
    return await resolve(session=session, scene=scene)


@scenes.get("/{scene}/code.png", operation_id="scenes_code_image", response_class=Response,
            responses={200: {"content": {"image/png": {}}}})
async def get_code_image(scene: SceneId, session: WriteSessionDep, request: Request) -> Response:
    """The mini-program code of a scene, as a PNG."""
    image = await code_image(session=session, state=request.app.state, scene=scene)
    return Response(image, media_type="image/png", headers={"Cache-Control": "public, max-age=86400"})


@internal.get("/stats", response_model=list[SceneStats])
async def scene_stats(_caller: ServiceCaller, session: SessionDep, since: Annotated[datetime | None, Query()] = None,
                      until: Annotated[datetime | None, Query()] = None) -> list[SceneStats]:
    """Shares (scenes made) and visits (scenes resolved) per kind: the top of the share funnel."""
    return await stats(session=session, since=since, until=until)


routers = [scenes, internal]
