"""Membership HTTP routes: thin — parse, authorise, call the service, shape the response."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response, status

from common.auth import CurrentUser, Identity, ServiceCaller, require_role, require_staff_or_scope
from common.cache import TtlCache
from common.db import DatabaseDep, SessionDep, WriteSessionDep
from common.pagination import ListOrder, Page, PageDep
from services.membership import communities, ledger, levels, lifecycle, service, webhooks, wechat
from services.membership.config import Settings
from services.membership.keys import KeyRing
from services.membership.schemas import (
    AddressCreate,
    AddressPublic,
    ApiKeyCheck,
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyIdentity,
    ApiKeyPublic,
    CommunityCreate,
    CommunityFacts,
    CommunityPublic,
    DevLogin,
    Funnel,
    LeaderAssign,
    LedgerEntryPublic,
    LevelHistoryPublic,
    LevelPublic,
    LevelSet,
    MyCommunity,
    MyPoints,
    OrderFacts,
    RefreshRequest,
    TokenPair,
    UserFacts,
    UserPublic,
    WebhookCreate,
    WebhookCreated,
    WebhookDeliveryDetail,
    WebhookDeliveryPublic,
    WebhookPublic,
    WebhookReplay,
    WebhookReplayed,
    WeChatLogin,
)
from services.membership.secret_box import SecretBox

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


async def _settings(request: Request) -> Settings:
    return request.app.state.settings


async def _keyring(request: Request) -> KeyRing:
    return request.app.state.keyring


async def _secret_box(request: Request) -> SecretBox:
    return request.app.state.secret_box


SettingsDep = Annotated[Settings, Depends(_settings)]
KeyRingDep = Annotated[KeyRing, Depends(_keyring)]
SecretBoxDep = Annotated[SecretBox, Depends(_secret_box)]
WebhookManager = Annotated[Identity, require_staff_or_scope("webhooks:manage")]

router = APIRouter(tags=["membership"])
auth = APIRouter(prefix="/v1/auth", tags=["auth"])
dev_auth = APIRouter(prefix="/v1/auth", tags=["auth"])
users = APIRouter(prefix="/v1/users/me", tags=["users"])
api_keys = APIRouter(prefix="/v1/api-keys", tags=["api-keys"], dependencies=[require_role("ops", "admin")])
internal = APIRouter(prefix="/internal", include_in_schema=False)
community_routes = APIRouter(prefix="/v1/communities", tags=["communities"])
staff_users = APIRouter(prefix="/v1/users", tags=["users"])
webhook_routes = APIRouter(prefix="/v1/webhooks", tags=["webhooks"])


@router.get("/v1/levels", operation_id="membership_list_levels", response_model=Page[LevelPublic])
async def list_levels(request: Request, session: SessionDep, page: PageDep, order: ListOrder = "asc") -> Response:
    """Membership levels, lowest first (``order=desc``: highest first), with the growth each one takes."""
    return await LEVELS_CACHE.get(request.url.query, lambda _: _levels_page(session, page, order == "desc"))


# Levels are configuration that only a migration changes: the page is kept in memory a few seconds.
LEVELS_CACHE: TtlCache[str, Response] = TtlCache(5.0, max_entries=64)


async def _levels_page(session, page, descending: bool = False) -> Response:
    return Response((await service.list_levels(session=session, page=page, descending=descending)).model_dump_json(),
                    media_type="application/json")


@auth.post("/wechat-login", operation_id="auth_wechat_login", response_model=TokenPair)
async def wechat_login(body: WeChatLogin, request: Request, session: WriteSessionDep, settings: SettingsDep,
                       keyring: KeyRingDep) -> TokenPair:
    """Exchange the code from ``wx.login`` for tokens; the first login creates the user."""
    found = await wechat.code_to_session(request.app.state.http, settings.wechat, body.code)
    return await service.login(session=session, settings=settings, keyring=keyring, openid=found.openid,
                               unionid=found.unionid)


@dev_auth.post("/dev-login", operation_id="auth_dev_login", response_model=TokenPair)
async def dev_login(body: DevLogin, session: WriteSessionDep, settings: SettingsDep,
                    keyring: KeyRingDep) -> TokenPair:
    """Log in as any openid with any roles — only where dev login is enabled (never in production)."""
    return await service.login(session=session, settings=settings, keyring=keyring, openid=body.openid,
                               extra_roles=set(body.roles))


@auth.post("/refresh", operation_id="auth_refresh", response_model=TokenPair)
async def refresh(body: RefreshRequest, session: WriteSessionDep, settings: SettingsDep,
                  keyring: KeyRingDep) -> TokenPair:
    """Trade a refresh token for new tokens; each refresh token works once."""
    return await service.refresh(session=session, settings=settings, keyring=keyring, token=body.refresh_token)


@auth.post("/logout", operation_id="auth_logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(body: RefreshRequest, session: WriteSessionDep) -> Response:
    """Revoke this login's refresh tokens (access tokens expire on their own within minutes)."""
    await service.logout(session=session, token=body.refresh_token)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@users.get("", operation_id="users_me", response_model=UserPublic)
async def me(user: CurrentUser, session: SessionDep) -> UserPublic:
    return await service.profile(session=session, user_id=user.user_id)


@users.get("/addresses", operation_id="users_list_addresses", response_model=Page[AddressPublic])
async def list_addresses(user: CurrentUser, session: SessionDep, page: PageDep,
                         order: ListOrder = "asc") -> Page[AddressPublic]:
    return await service.list_addresses(session=session, user_id=user.user_id, page=page,
                                        descending=order == "desc")


@users.post("/addresses", operation_id="users_add_address", response_model=AddressPublic,
            status_code=status.HTTP_201_CREATED)
async def add_address(body: AddressCreate, user: CurrentUser, session: WriteSessionDep) -> AddressPublic:
    return await service.add_address(session=session, user_id=user.user_id, address_in=body)


@users.get("/addresses/{address_id}", operation_id="users_get_address", response_model=AddressPublic)
async def get_address(address_id: Id, user: CurrentUser, session: SessionDep) -> AddressPublic:
    return await service.get_address(session=session, user_id=user.user_id, address_id=address_id)


@users.get("/points", operation_id="users_my_points", response_model=MyPoints)
async def my_points(user: CurrentUser, session: SessionDep) -> MyPoints:
    """Points balance, growth total, level, and how much growth the next level takes."""
    return await ledger.my_points(session=session, user_id=user.user_id)


@users.get("/points/ledger", operation_id="users_my_points_ledger", response_model=Page[LedgerEntryPublic])
async def my_points_ledger(user: CurrentUser, session: SessionDep, page: PageDep,
                           order: ListOrder = "asc") -> Page[LedgerEntryPublic]:
    """The caller's growth and points entries, oldest first (``order=desc``: newest first): earnings and
    refund reversals."""
    return await ledger.my_ledger(session=session, user_id=user.user_id, page=page, descending=order == "desc")


@users.get("/level-history", operation_id="users_my_level_history", response_model=Page[LevelHistoryPublic])
async def my_level_history(user: CurrentUser, session: SessionDep, page: PageDep,
                           order: ListOrder = "asc") -> Page[LevelHistoryPublic]:
    """Every change of the caller's level, oldest first (``order=desc``: newest first), with why."""
    return await ledger.my_level_history(session=session, user_id=user.user_id, page=page,
                                         descending=order == "desc")


@staff_users.put("/{user_id}/level", operation_id="users_set_level", response_model=MyPoints)
async def set_level(user_id: Id, body: LevelSet, staff: Annotated[Identity, require_role("ops", "admin")],
                    session: WriteSessionDep) -> MyPoints:
    """Set a user's level by hand (ops, admin), up or down, with the reason kept in the level history."""
    await levels.set_by_hand(session, user_id=user_id, level=body.level, note=body.reason,
                             actor_user_id=staff.user_id)
    return await ledger.my_points(session=session, user_id=user_id)


@api_keys.post("", operation_id="api_keys_create", response_model=ApiKeyCreated,
               status_code=status.HTTP_201_CREATED)
async def create_api_key(body: ApiKeyCreate, user: CurrentUser, session: WriteSessionDep) -> ApiKeyCreated:
    """Make a partner key; the response is the only time its secret is shown."""
    return await service.create_api_key(session=session, created_by=user.user_id, key_in=body)


@api_keys.get("", operation_id="api_keys_list", response_model=Page[ApiKeyPublic])
async def list_api_keys(session: SessionDep, page: PageDep, order: ListOrder = "asc") -> Page[ApiKeyPublic]:
    return await service.list_api_keys(session=session, page=page, descending=order == "desc")


@api_keys.post("/{key_id}/revoke", operation_id="api_keys_revoke", response_model=ApiKeyPublic)
async def revoke_api_key(key_id: Id, session: WriteSessionDep) -> ApiKeyPublic:
    return await service.revoke_api_key(session=session, key_id=key_id)


@users.get("/community", operation_id="users_my_community", response_model=MyCommunity)
async def my_community(user: CurrentUser, session: SessionDep) -> MyCommunity:
    """The community the caller picks up from."""
    return await communities.mine(session=session, user_id=user.user_id)


@users.delete("/community", operation_id="users_leave_community", status_code=status.HTTP_204_NO_CONTENT)
async def leave_community(user: CurrentUser, session: WriteSessionDep) -> Response:
    await communities.leave(session=session, user_id=user.user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@community_routes.get("", operation_id="communities_list", response_model=Page[CommunityPublic])
async def list_communities(session: SessionDep, page: PageDep, order: ListOrder = "asc") -> Page[CommunityPublic]:
    return await communities.list_all(session=session, page=page, descending=order == "desc")


@community_routes.get("/funnel", operation_id="communities_funnel_all", response_model=Funnel,
                      dependencies=[require_role("ops", "admin")])
async def funnel_all(session: SessionDep) -> Funnel:
    """Every user at each lifecycle stage (ops, admin)."""
    return await lifecycle.funnel(session=session)


@community_routes.get("/{community_id}/funnel", operation_id="communities_funnel", response_model=Funnel,
                      dependencies=[require_role("ops", "admin")])
async def funnel(community_id: Id, session: SessionDep) -> Funnel:
    """The community's members at each lifecycle stage (ops, admin)."""
    return await lifecycle.funnel(session=session, community_id=community_id)


@community_routes.get("/{community_id}", operation_id="communities_get", response_model=CommunityPublic)
async def get_community(community_id: Id, session: SessionDep) -> CommunityPublic:
    return await communities.get(session=session, community_id=community_id)


@community_routes.post("", operation_id="communities_create", response_model=CommunityPublic,
                       status_code=status.HTTP_201_CREATED, dependencies=[require_role("ops", "admin")])
async def create_community(body: CommunityCreate, session: WriteSessionDep) -> CommunityPublic:
    return await communities.create(session=session, community_in=body)


@community_routes.put("/{community_id}/leader", operation_id="communities_assign_leader",
                      response_model=CommunityPublic, dependencies=[require_role("ops", "admin")])
async def assign_leader(community_id: Id, body: LeaderAssign, session: WriteSessionDep) -> CommunityPublic:
    """Make a user this community's leader (the leader role reaches their token at its next refresh)."""
    return await communities.assign_leader(session=session, community_id=community_id, user_id=body.user_id)


@community_routes.post("/{community_id}/join", operation_id="communities_join", response_model=MyCommunity)
async def join_community(community_id: Id, user: CurrentUser, session: WriteSessionDep) -> MyCommunity:
    """Join a community (leaving the one you were in)."""
    return await communities.join(session=session, community_id=community_id, user_id=user.user_id)


@webhook_routes.post("", operation_id="webhooks_create", response_model=WebhookCreated,
                     status_code=status.HTTP_201_CREATED)
async def create_webhook(body: WebhookCreate, caller: WebhookManager, session: WriteSessionDep,
                         settings: SettingsDep, box: SecretBoxDep) -> WebhookCreated:
    """Subscribe the calling partner key to event types; the response is the only time the signing secret
    is shown. Each event type needs its scope on the key (order and group events ``orders:read``, product
    events ``catalog:read``)."""
    return await webhooks.create(session=session, settings=settings, box=box, caller=caller, subscription_in=body)


@webhook_routes.get("", operation_id="webhooks_list", response_model=Page[WebhookPublic])
async def list_webhooks(caller: WebhookManager, session: SessionDep, page: PageDep,
                        api_key_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
                        order: ListOrder = "asc") -> Page[WebhookPublic]:
    """A partner key's own subscriptions; ops and admin see every key's (``api_key_id`` narrows)."""
    return await webhooks.list_subscriptions(session=session, caller=caller, api_key_id=api_key_id, page=page,
                                             descending=order == "desc")


@webhook_routes.get("/{subscription_id}", operation_id="webhooks_get", response_model=WebhookPublic)
async def get_webhook(subscription_id: Id, caller: WebhookManager, session: SessionDep) -> WebhookPublic:
    return await webhooks.get(session=session, caller=caller, subscription_id=subscription_id)


@webhook_routes.post("/{subscription_id}/disable", operation_id="webhooks_disable", response_model=WebhookPublic)
async def disable_webhook(subscription_id: Id, caller: WebhookManager, session: WriteSessionDep) -> WebhookPublic:
    """Stop sending; deliveries still waiting are cancelled (a replay sends them once enabled again)."""
    return await webhooks.set_status(session=session, caller=caller, subscription_id=subscription_id, active=False)


@webhook_routes.post("/{subscription_id}/enable", operation_id="webhooks_enable", response_model=WebhookPublic)
async def enable_webhook(subscription_id: Id, caller: WebhookManager, session: WriteSessionDep) -> WebhookPublic:
    return await webhooks.set_status(session=session, caller=caller, subscription_id=subscription_id, active=True)


@webhook_routes.delete("/{subscription_id}", operation_id="webhooks_delete", status_code=status.HTTP_204_NO_CONTENT)
async def delete_webhook(subscription_id: Id, caller: WebhookManager, session: WriteSessionDep) -> Response:
    """Remove the subscription and its delivery log."""
    await webhooks.delete(session=session, caller=caller, subscription_id=subscription_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@webhook_routes.get("/{subscription_id}/deliveries", operation_id="webhooks_list_deliveries",
                    response_model=Page[WebhookDeliveryPublic])
async def list_webhook_deliveries(
        subscription_id: Id, caller: WebhookManager, session: SessionDep, page: PageDep,
        delivery_status: Annotated[Literal["pending", "delivered", "failed", "cancelled"] | None,
                                   Query(alias="status")] = None,
        order: ListOrder = "asc") -> Page[WebhookDeliveryPublic]:
    """The subscription's delivery log, oldest first (``order=desc``: newest first): status, attempts, last
    answer, times."""
    return await webhooks.list_deliveries(session=session, caller=caller, subscription_id=subscription_id,
                                          status=delivery_status, page=page, descending=order == "desc")


@webhook_routes.get("/{subscription_id}/deliveries/{delivery_id}", operation_id="webhooks_get_delivery",
                    response_model=WebhookDeliveryDetail)
async def get_webhook_delivery(subscription_id: Id, delivery_id: Id, caller: WebhookManager,
                               session: SessionDep) -> WebhookDeliveryDetail:
    """One delivery: the body it sends and every attempt made."""
    return await webhooks.get_delivery(session=session, caller=caller, subscription_id=subscription_id,
                                       delivery_id=delivery_id)


@webhook_routes.post("/{subscription_id}/deliveries/{delivery_id}/replay", operation_id="webhooks_replay_delivery",
                     response_model=WebhookDeliveryPublic)
async def replay_webhook_delivery(subscription_id: Id, delivery_id: Id, caller: WebhookManager,
                                  session: WriteSessionDep, settings: SettingsDep) -> WebhookDeliveryPublic:
    """Send a finished delivery again, with the same event id and body."""
    return await webhooks.replay_delivery(session=session, settings=settings, caller=caller,
                                          subscription_id=subscription_id, delivery_id=delivery_id)


@webhook_routes.post("/{subscription_id}/replay", operation_id="webhooks_replay_since",
                     response_model=WebhookReplayed)
async def replay_webhook_deliveries(subscription_id: Id, body: WebhookReplay, caller: WebhookManager,
                                    session: WriteSessionDep, settings: SettingsDep) -> WebhookReplayed:
    """Send again every finished delivery of events that occurred since a time."""
    return await webhooks.replay_since(session=session, settings=settings, caller=caller,
                                       subscription_id=subscription_id, replay_in=body)


@internal.get("/jwks")
async def jwks(_caller: ServiceCaller, keyring: KeyRingDep) -> dict:
    """The public keys that verify access tokens."""
    return keyring.jwks()


@internal.post("/api-keys/verify", response_model=ApiKeyIdentity)
async def verify_api_key(body: ApiKeyCheck, _caller: ServiceCaller, session: WriteSessionDep) -> ApiKeyIdentity:
    return await service.verify_api_key(session=session, secret=body.key)




@internal.get("/users/{user_id}", response_model=UserFacts)
async def user_facts(user_id: Id, _caller: ServiceCaller, db: DatabaseDep) -> UserFacts:
    """What orders need of a buyer: level (member prices) and openid (WeChat Pay's payer)."""
    return await service.user_facts(db=db, user_id=user_id)


@internal.get("/users/{user_id}/order-facts", response_model=OrderFacts)
async def order_facts(user_id: Id, address_id: Annotated[int, Query(ge=1, le=2**31 - 1)], _caller: ServiceCaller,
                      db: DatabaseDep) -> Response:
    """Everything orders needs of a buyer to place one order, in one call: the buyer and the address (the
    answer's JSON as the service wrote it)."""
    return Response(await service.order_facts(db=db, user_id=user_id, address_id=address_id),
                    media_type="application/json")


@internal.get("/communities/{community_id}", response_model=CommunityFacts)
async def community_facts(community_id: Id, _caller: ServiceCaller, session: SessionDep) -> CommunityFacts:
    """Who leads a community now (orders let its leader hand orders out)."""
    return await communities.facts(session=session, community_id=community_id)


@internal.get("/users/{user_id}/addresses/{address_id}", response_model=AddressPublic)
async def user_address(user_id: Id, address_id: Id, _caller: ServiceCaller, session: SessionDep) -> AddressPublic:
    """One of the user's own addresses (another user's is not found), deleted or not: an order placed to an
    address keeps resolving it."""
    return await service.get_address(session=session, user_id=user_id, address_id=address_id, include_deleted=True)


def routers(settings: Settings) -> list[APIRouter]:
    # The internal routes first: other services call them on every order (the order facts, the JWKS), and a
    # request is matched against the routes in the order they were added.  No public path starts with
    # ``/internal``, so none is matched differently.
    return [internal, router, auth, *([dev_auth] if settings.dev_login else []), users, staff_users, api_keys,
            community_routes, webhook_routes]
