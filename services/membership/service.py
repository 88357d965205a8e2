"""Membership use cases: levels, login and tokens, profiles and addresses, partner API keys."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from pydantic_core import to_json
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.clock import now
from common.db import Database
from common.events.membership import UserRegistered
from common.pagination import Page, PageParams, paginate
from common.problems import Problem, not_found
from services.membership.config import Settings
from services.membership.keys import KeyRing
from services.membership.models import Address, ApiKey, Community, CommunityMember, Level, RefreshToken, User, events
from services.membership.schemas import (
    AddressCreate,
    AddressPublic,
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyIdentity,
    ApiKeyPublic,
    LevelPublic,
    OrderFacts,
    TokenPair,
    UserFacts,
    UserPublic,
)

API_KEY_PREFIX = "gbk_"
REFRESH_PREFIX = "rt_"
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def list_levels(*, session: AsyncSession, page: PageParams, descending: bool = False) -> Page[LevelPublic]:
    return await paginate(session, select(Level), key=col(Level.rank), page=page, descending=descending,
                          public=lambda row: LevelPublic.model_validate(row, from_attributes=True))


# --- login and tokens ---------------------------------------------------------------------------


def _configured_roles(settings: Settings, openid: str) -> set[str]:
    roles = {"customer"}
    if openid in settings.ops_openids:
        roles.add("ops")
    if openid in settings.admin_openids:
        roles.add("admin")
    return roles


async def _user_for_openid(session: AsyncSession, *, openid: str, unionid: str | None,
                           roles: set[str]) -> User:
    """The user with this openid, made on first login; configured staff roles are granted, never removed."""
    user = (await session.exec(select(User).where(User.openid == openid))).first()
    if user is None:
        user = User(openid=openid, unionid=unionid, roles=sorted(roles))
        session.add(user)
        try:
            await session.flush()
            await events.publish(session, UserRegistered(user_id=user.id, registered_at=user.created_at))
        except sa.exc.IntegrityError:
            # A concurrent first login made it (and told the others); take that one.
            await session.rollback()
            user = (await session.exec(select(User).where(User.openid == openid))).one()
    missing = roles - set(user.roles)
    if missing:
        user.roles = sorted(set(user.roles) | missing)
    return user


def _user_public(user: User) -> UserPublic:
    return UserPublic(id=user.id, nickname=user.nickname, avatar_url=user.avatar_url, roles=list(user.roles),
                      level=user.level, created_at=user.created_at)


async def _issue(session: AsyncSession, *, settings: Settings, keyring: KeyRing, user: User,
                 family: str | None = None) -> TokenPair:
    issued = now()
    claims = {
        "iss": settings.jwt.issuer, "aud": settings.jwt.audience, "sub": str(user.id),
        "roles": list(user.roles), "iat": int(issued.timestamp()),
        "exp": int((issued + timedelta(seconds=settings.jwt.access_ttl_s)).timestamp()),
        "jti": uuid.uuid4().hex,
    }
    refresh = REFRESH_PREFIX + secrets.token_urlsafe(32)
    session.add(RefreshToken(family=family or uuid.uuid4().hex, user_id=user.id, token_hash=_digest(refresh),
                             issued_at=issued, expires_at=issued + timedelta(seconds=settings.jwt.refresh_ttl_s)))
    return TokenPair(access_token=keyring.sign(claims), expires_in=settings.jwt.access_ttl_s,
                     refresh_token=refresh, refresh_expires_in=settings.jwt.refresh_ttl_s, user=_user_public(user))


async def login(*, session: AsyncSession, settings: Settings, keyring: KeyRing, openid: str,
                unionid: str | None = None, extra_roles: set[str] | None = None) -> TokenPair:
    roles = _configured_roles(settings, openid) | (extra_roles or set())
    user = await _user_for_openid(session, openid=openid, unionid=unionid, roles=roles)
    tokens = await _issue(session, settings=settings, keyring=keyring, user=user)
    await session.commit()
    return tokens


def _refresh_refused() -> Problem:
    return Problem(401, "refresh_token_invalid", "The refresh token is not valid; log in again")


async def refresh(*, session: AsyncSession, settings: Settings, keyring: KeyRing, token: str) -> TokenPair:
    """Rotate: the presented token is used up and a new one of the same family is issued.  A token that
    was already used revokes its whole family."""
    current = now()
    row = (await session.exec(select(RefreshToken).where(RefreshToken.token_hash == _digest(token)))).first()
    if row is None or row.revoked_at is not None or row.expires_at <= current:
        raise _refresh_refused()
    # Claim it atomically: of two concurrent refreshes with one token, exactly one wins.
    claimed = await session.exec(
        sa.update(RefreshToken)
        .where(col(RefreshToken.id) == row.id, col(RefreshToken.used_at).is_(None))
        .values(used_at=current)
    )
    if claimed.rowcount != 1:
        await session.exec(
            sa.update(RefreshToken)
            .where(col(RefreshToken.family) == row.family, col(RefreshToken.revoked_at).is_(None))
            .values(revoked_at=current)
        )
        await session.commit()
        raise Problem(401, "refresh_token_reused",
                      "This refresh token was already used; every session of this login is now revoked")
    user = await session.get(User, row.user_id)
    tokens = await _issue(session, settings=settings, keyring=keyring, user=user, family=row.family)
    await session.commit()
    return tokens


async def logout(*, session: AsyncSession, token: str) -> None:
    row = (await session.exec(select(RefreshToken).where(RefreshToken.token_hash == _digest(token)))).first()
    if row is not None:
        await session.exec(
            sa.update(RefreshToken)
            .where(col(RefreshToken.family) == row.family, col(RefreshToken.revoked_at).is_(None))
            .values(revoked_at=now())
        )
    await session.commit()


# --- profile and address book -------------------------------------------------------------------


async def profile(*, session: AsyncSession, user_id: int) -> UserPublic:
    user = await session.get(User, user_id)
    if user is None:
        raise not_found("user", user_id)
    return _user_public(user)


_user, _member, _community, _address = (User.__table__, CommunityMember.__table__, Community.__table__,
                                        Address.__table__)
# Asked once per order placed (and per payment): built once, as building a statement and working out its
# cache key cost more than running it.
_BUYER_COLUMNS = (_user.c.id, _user.c.openid, _user.c.level, _user.c.roles, _community.c.id.label("community_id"),
                  _community.c.leader_user_id)
_BUYER_JOIN = (_user.outerjoin(_member, _member.c.user_id == _user.c.id)
               .outerjoin(_community, _community.c.id == _member.c.community_id))
_USER_FACTS = sa.select(*_BUYER_COLUMNS).select_from(_BUYER_JOIN).where(_user.c.id == sa.bindparam("user_id"))
_ADDRESS_LABELS = [(column.name, f"address_{column.name}") for column in _address.c]
_ORDER_FACTS = (
    sa.select(*_BUYER_COLUMNS, *(_address.c[name].label(label) for name, label in _ADDRESS_LABELS))
    .select_from(_BUYER_JOIN.outerjoin(_address, sa.and_(_address.c.id == sa.bindparam("address_id"),
                                                         _address.c.user_id == _user.c.id,
                                                         _address.c.deleted_at.is_(None))))
    .where(_user.c.id == sa.bindparam("user_id")))


def _buyer(found: Any) -> UserFacts:
    """The buyer's facts from a row of ``_BUYER_COLUMNS`` (as a mapping)."""
    return UserFacts(id=found["id"], openid=found["openid"], level=found["level"], roles=list(found["roles"]),
                     community_id=found["community_id"], community_leader_id=found["leader_user_id"])


async def user_facts(*, db: Database, user_id: int) -> UserFacts:
    found = (await db.fetch(_USER_FACTS, {"user_id": user_id})).mappings().first()
    if found is None:
        raise not_found("user", user_id)
    return _buyer(found)


# The answer's fields, in ``OrderFacts``' order: its JSON is written from the row directly (below).
_BUYER_FIELDS = (("id", "id"), ("openid", "openid"), ("level", "level"), ("roles", "roles"),
                 ("community_id", "community_id"), ("community_leader_id", "leader_user_id"))
_ADDRESS_FIELDS = tuple((name, f"address_{name}") for name in AddressPublic.model_fields)
assert tuple(name for name, _ in _BUYER_FIELDS) == tuple(UserFacts.model_fields)
assert set(OrderFacts.model_fields) == {"buyer", "address"}


async def order_facts(*, db: Database, user_id: int, address_id: int) -> bytes:
    """The buyer (with their community and its leader) and one of their live addresses, read together: every
    order placed asks for both.  Someone else's address is reported exactly like a missing one.  Read
    without a session (``Database.fetch``): one statement, where a session cost more than the statement.

    The answer is ``OrderFacts`` as JSON, written from the row as it came: its values are the columns' own
    types already, so building the models (an ``AddressPublic`` validates as a table model does) and having
    the route validate them again would only cost what the read itself costs."""
    found = (await db.fetch(_ORDER_FACTS, {"user_id": user_id, "address_id": address_id})).first()
    if found is None:
        raise not_found("user", user_id)
    row = found._mapping
    if row["address_id"] is None:
        raise Problem(404, "not_found", f"address {address_id} does not exist", resource="address")
    return to_json({"buyer": {name: row[key] for name, key in _BUYER_FIELDS},
                    "address": {name: row[key] for name, key in _ADDRESS_FIELDS}})


async def add_address(*, session: AsyncSession, user_id: int, address_in: AddressCreate) -> AddressPublic:
    address = Address(user_id=user_id, **address_in.model_dump())
    # The first address of the book is the default until the buyer picks another (profile.py); the
    # user's row is locked first, as every change of the default does, so two first addresses are one default.
    await session.exec(select(User.id).where(User.id == user_id).with_for_update(key_share=True))
    address.is_default = (await session.exec(select(Address.id).where(
        Address.user_id == user_id, col(Address.is_default), col(Address.deleted_at).is_(None)))).first() is None
    session.add(address)
    await session.commit()
    return AddressPublic.model_validate(address, from_attributes=True)


async def list_addresses(*, session: AsyncSession, user_id: int, page: PageParams,
                         descending: bool = False) -> Page[AddressPublic]:
    live = select(Address).where(Address.user_id == user_id, col(Address.deleted_at).is_(None))
    return await paginate(session, live, key=col(Address.id), page=page, descending=descending,
                          public=lambda row: AddressPublic.model_validate(row, from_attributes=True))


async def get_address(*, session: AsyncSession, user_id: int, address_id: int,
                      include_deleted: bool = False) -> AddressPublic:
    """One of the user's addresses; a deleted one only with ``include_deleted`` (orders placed to it)."""
    address = await session.get(Address, address_id)
    # Someone else's address is reported exactly like a missing one: its existence is not ours to tell.
    if address is None or address.user_id != user_id or (address.deleted_at is not None and not include_deleted):
        raise not_found("address", address_id)
    return AddressPublic.model_validate(address, from_attributes=True)


# --- partner API keys ---------------------------------------------------------------------------


def _key_public(key: ApiKey) -> ApiKeyPublic:
    return ApiKeyPublic.model_validate(key, from_attributes=True)


async def create_api_key(*, session: AsyncSession, created_by: int, key_in: ApiKeyCreate) -> ApiKeyCreated:
    secret = API_KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(name=key_in.name, scopes=sorted(set(key_in.scopes)), secret_hash=_digest(secret),
                 created_by=created_by)
    session.add(key)
    await session.commit()
    return ApiKeyCreated(**_key_public(key).model_dump(), key=secret)


async def list_api_keys(*, session: AsyncSession, page: PageParams, descending: bool = False) -> Page[ApiKeyPublic]:
    return await paginate(session, select(ApiKey), key=col(ApiKey.id), page=page, public=_key_public,
                          descending=descending)


async def revoke_api_key(*, session: AsyncSession, key_id: int) -> ApiKeyPublic:
    key = await session.get(ApiKey, key_id)
    if key is None:
        raise not_found("API key", key_id)
    if key.revoked_at is None:
        key.revoked_at = now()
        await session.commit()
    return _key_public(key)


async def verify_api_key(*, session: AsyncSession, secret: str) -> ApiKeyIdentity:
    key = (await session.exec(select(ApiKey).where(ApiKey.secret_hash == _digest(secret)))).first()
    if key is None or key.revoked_at is not None:
        raise Problem(401, "api_key_invalid", "The API key is unknown or revoked")
    current = now()
    if key.last_used_at is None or current - key.last_used_at >= LAST_USED_RESOLUTION:
        key.last_used_at = current
        await session.commit()
    return ApiKeyIdentity(api_key_id=key.id, name=key.name, scopes=list(key.scopes))
