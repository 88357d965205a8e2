"""The buyer's own profile and address book: edit the nickname and avatar, edit and delete an address,
pick the default address — and the masked cards other buyers see of a group's participants.

Decisions:
- **Deleting an address marks it deleted** (``deleted_at``), it never removes the row: an order placed
  to it keeps resolving it (``/internal/users/{id}/addresses/{address_id}`` answers it, deleted or not),
  and the order itself carries a copy of the address as it was when placed.  A deleted address leaves
  the book, cannot be edited, made default or used for a new order, and deleting it again is a no-op
  (204), so a retried DELETE is safe.
- **Editing an address changes the book, not the past**: orders already placed keep their copy (the
  pickup list and the group they joined stay as they were); the next order uses the edited address.
- **One default at most**: the first address added becomes the default; choosing another moves it;
  deleting the default leaves the book without one until the buyer picks again (guessing which address
  a buyer wants parcels sent to is not ours to do).  Every change of the default locks the user's row
  first, and a partial unique index (``uq_address_default_per_user``) makes two defaults impossible.
- Someone else's address answers 404, exactly like a missing one.
"""

from __future__ import annotations

from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Path, Response, status
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.auth import CurrentUser, ServiceCaller
from common.clock import now
from common.db import SessionDep, WriteSessionDep
from common.problems import not_found
from services.membership import service
from services.membership.domain.profile import initial
from services.membership.models import Address, User
from services.membership.schemas import (
    AddressPublic,
    AddressUpdate,
    ParticipantCard,
    ParticipantCardsRequest,
    ProfileUpdate,
    UserPublic,
)

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]

me = APIRouter(prefix="/v1/users/me", tags=["users"])
internal = APIRouter(prefix="/internal", include_in_schema=False)


# --- use cases ------------------------------------------------------------------------------------


async def update_profile(*, session: AsyncSession, user_id: int, profile_in: ProfileUpdate) -> UserPublic:
    user = await session.get(User, user_id)
    if user is None:
        raise not_found("user", user_id)
    changes = profile_in.model_dump(exclude_unset=True)
    if changes.get("nickname", "") is None:
        changes.pop("nickname")  # a nickname cannot be removed, only changed
    for field, value in changes.items():
        setattr(user, field, value)
    await session.commit()
    return await service.profile(session=session, user_id=user_id)


async def _own_live_address(session: AsyncSession, user_id: int, address_id: int, *, lock: bool) -> Address:
    query = select(Address).where(Address.id == address_id)
    if lock:
        query = query.with_for_update()
    address = (await session.exec(query)).first()
    if address is None or address.user_id != user_id or address.deleted_at is not None:
        raise not_found("address", address_id)
    return address


def _public(address: Address) -> AddressPublic:
    return AddressPublic.model_validate(address, from_attributes=True)


async def update_address(*, session: AsyncSession, user_id: int, address_id: int,
                         address_in: AddressUpdate) -> AddressPublic:
    address = await _own_live_address(session, user_id, address_id, lock=True)
    for field, value in address_in.model_dump(exclude_unset=True).items():
        if value is None and field in ("recipient", "phone", "province", "city", "district", "estate"):
            continue  # a required part cannot be removed, only changed
        setattr(address, field, value if value is not None else "")
    await session.commit()
    return _public(address)


async def _lock_book(session: AsyncSession, user_id: int) -> None:
    """Every change of a user's default address takes the user's row first, so they queue."""
    await session.exec(select(User.id).where(User.id == user_id).with_for_update(key_share=True))


async def delete_address(*, session: AsyncSession, user_id: int, address_id: int) -> None:
    await _lock_book(session, user_id)
    address = await session.get(Address, address_id)
    if address is None or address.user_id != user_id:
        raise not_found("address", address_id)
    if address.deleted_at is None:
        address.deleted_at, address.is_default = now(), False
        await session.commit()


async def make_default(*, session: AsyncSession, user_id: int, address_id: int) -> AddressPublic:
    await _lock_book(session, user_id)
    address = await _own_live_address(session, user_id, address_id, lock=True)
    if not address.is_default:
        # Two statements, not one: PostgreSQL checks a unique index row by row within a statement.
        await session.exec(sa.update(Address).where(col(Address.user_id) == user_id, col(Address.is_default),
                                                    col(Address.id) != address_id).values(is_default=False))
        await session.flush()
        address.is_default = True
        await session.commit()
    return _public(address)


async def participant_cards(*, session: AsyncSession, user_ids: list[int]) -> list[ParticipantCard]:
    """Each known user, masked: the nickname's first character and the avatar, in the order asked."""
    if not user_ids:
        return []
    rows = (await session.exec(select(User.id, User.nickname, User.avatar_url)
                               .where(col(User.id).in_(set(user_ids))))).all()
    known = {user_id: (nickname, avatar) for user_id, nickname, avatar in rows}
    return [ParticipantCard(user_id=user_id, initial=initial(known[user_id][0]), avatar_url=known[user_id][1])
            for user_id in dict.fromkeys(user_ids) if user_id in known]


# --- routes ---------------------------------------------------------------------------------------


@me.patch("", operation_id="users_update_me", response_model=UserPublic)
async def patch_me(body: ProfileUpdate, user: CurrentUser, session: WriteSessionDep) -> UserPublic:
    """Change your nickname (1–32 visible characters) or avatar (an https URL; null removes it)."""
    return await update_profile(session=session, user_id=user.user_id, profile_in=body)


@me.patch("/addresses/{address_id}", operation_id="users_update_address", response_model=AddressPublic)
async def patch_address(address_id: Id, body: AddressUpdate, user: CurrentUser,
                        session: WriteSessionDep) -> AddressPublic:
    """Edit one of your addresses; orders already placed keep the address they were placed to."""
    return await update_address(session=session, user_id=user.user_id, address_id=address_id, address_in=body)


@me.delete("/addresses/{address_id}", operation_id="users_delete_address", status_code=status.HTTP_204_NO_CONTENT)
async def remove_address(address_id: Id, user: CurrentUser, session: WriteSessionDep) -> Response:
    """Remove an address from your book (orders placed to it keep it); deleting it again changes nothing."""
    await delete_address(session=session, user_id=user.user_id, address_id=address_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@me.post("/addresses/{address_id}/default", operation_id="users_set_default_address", response_model=AddressPublic)
async def set_default_address(address_id: Id, user: CurrentUser, session: WriteSessionDep) -> AddressPublic:
    """Make this address your default (the one a new order suggests)."""
    return await make_default(session=session, user_id=user.user_id, address_id=address_id)


@internal.post("/users/cards", response_model=list[ParticipantCard])
async def cards(body: ParticipantCardsRequest, _caller: ServiceCaller, session: SessionDep) -> list[ParticipantCard]:
    """Masked cards of buyers (a group's share page): nothing but an initial and an avatar."""
    return await participant_cards(session=session, user_ids=body.user_ids)


routers = [me, internal]
