"""Partners' webhook subscriptions and their delivery log: subscribe, look, disable, delete, replay; and
the fan-out that turns a consumed event into one delivery row per subscription that may receive it.

Who sees what: a subscription belongs to the partner API key that created it. A key sees and changes
only its own (another key's answers 404, exactly like a missing one); ops and admin see and manage
every subscription but create none (the signing secret is the partner's alone). Which event types a
key may subscribe to, and receive, is the table in ``domain.partner_events`` (order and group events
need ``orders:read``, product events ``catalog:read``); the scope is checked when subscribing, when an
event is fanned out, and before each attempt (``delivery``).

Fan-out runs in membership's own consumer group ``membership-webhooks`` (``handlers.webhook_handlers``),
apart from the group that applies orders' events to growth and points, so webhooks never hold those
up. It writes rows only; the dispatcher (``delivery``) sends them. A subscription receives the events
that occurred after it was created.

The body a partner receives is the event, without its producer: ``{"id", "type", "version",
"occurred_at", "payload"}`` (``payload`` as in ``common.events``), fixed when fanned out, so every attempt
and every replay sends — and signs — the same bytes.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.auth import Identity
from common.clock import now
from common.events import REGISTRY, Envelope
from common.outbox import execute
from common.pagination import Page, PageParams, paginate
from common.problems import Problem, not_found
from services.membership.config import Settings
from services.membership.domain.partner_events import PARTNER_EVENTS, missing_scopes
from services.membership.domain.targets import url_problem
from services.membership.models import ApiKey, WebhookAttempt, WebhookDelivery, WebhookSubscription
from services.membership.schemas import (
    WebhookAttemptPublic,
    WebhookCreate,
    WebhookCreated,
    WebhookDeliveryDetail,
    WebhookDeliveryPublic,
    WebhookPublic,
    WebhookReplay,
    WebhookReplayed,
)
from services.membership.secret_box import SecretBox

CONSUMER_GROUP = "membership-webhooks"
SECRET_PREFIX = "whsec_"  # noqa: S105 - the prefix of generated secrets, not a secret
FINISHED = ("delivered", "failed", "cancelled")


def secret_context(subscription_id: int) -> str:
    """What a sealed secret is bound to: its own subscription."""
    return f"webhook_subscription:{subscription_id}"


def _public(row: WebhookSubscription) -> WebhookPublic:
    return WebhookPublic.model_validate(row, from_attributes=True)


def _delivery_public(row: WebhookDelivery) -> WebhookDeliveryPublic:
    return WebhookDeliveryPublic.model_validate(row, from_attributes=True)


def _owned_by(caller: Identity) -> int | None:
    """The key whose subscriptions the caller may see; None for staff, who see them all."""
    return caller.api_key_id if caller.kind == "api_key" else None


async def _subscription(session: AsyncSession, caller: Identity, subscription_id: int, *,
                        lock: bool = False) -> WebhookSubscription:
    query = select(WebhookSubscription).where(WebhookSubscription.id == subscription_id)
    row = (await session.exec(query.with_for_update() if lock else query)).first()
    owner = _owned_by(caller)
    # Another key's subscription is reported exactly like a missing one.
    if row is None or (owner is not None and row.api_key_id != owner):
        raise not_found("webhook subscription", subscription_id)
    return row


# --- subscriptions ----------------------------------------------------------------------------------


def _check_event_types(event_types: list[str], scopes: list[str]) -> None:
    known = {model.event_type for model in REGISTRY}
    offered = sorted(PARTNER_EVENTS)
    unknown = [t for t in event_types if t not in known]
    if unknown:
        raise Problem(422, "unknown_event_type", f"No such event type: {', '.join(unknown)}", offered=offered)
    not_offered = [t for t in event_types if t not in PARTNER_EVENTS]
    if not_offered:
        raise Problem(422, "event_type_not_offered",
                      f"Partners cannot subscribe to {', '.join(not_offered)}", offered=offered)
    missing = missing_scopes(scopes, event_types)
    if missing:
        needs = "; ".join(f"{t} needs the scope {scope}" for t, scope in sorted(missing.items()))
        raise Problem(403, "scope_required", f"This API key may not receive these events: {needs}",
                      missing=missing)


async def create(*, session: AsyncSession, settings: Settings, box: SecretBox, caller: Identity,
                 subscription_in: WebhookCreate) -> WebhookCreated:
    """Subscribe the calling partner key; the response is the only time the signing secret is shown."""
    if caller.kind != "api_key" or caller.api_key_id is None:
        raise Problem(403, "partner_key_required",
                      "A subscription belongs to a partner API key: create it with that key (X-API-Key)")
    key = await session.get(ApiKey, caller.api_key_id)
    if key is None or key.revoked_at is not None:
        raise Problem(403, "api_key_revoked", "This API key is revoked")
    event_types = sorted(set(subscription_in.event_types))
    _check_event_types(event_types, list(key.scopes))
    refused = url_problem(subscription_in.url, production=not settings.dev_mode)
    if refused:
        raise Problem(422, "webhook_url_refused", f"This URL cannot receive webhooks: {refused}")
    count = (await session.exec(select(sa.func.count()).select_from(WebhookSubscription)
                                .where(WebhookSubscription.api_key_id == key.id))).one()
    if count >= settings.webhooks.max_subscriptions_per_key:
        raise Problem(409, "subscription_limit",
                      f"This API key has {count} subscriptions already, the most it may have")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    row = WebhookSubscription(api_key_id=key.id, url=subscription_in.url, event_types=event_types,
                              description=subscription_in.description, secret_sealed="")
    session.add(row)
    await session.flush()
    row.secret_sealed = box.seal(secret, context=secret_context(row.id))
    await session.commit()
    return WebhookCreated(**_public(row).model_dump(), secret=secret)


async def list_subscriptions(*, session: AsyncSession, caller: Identity, api_key_id: int | None,
                             page: PageParams, descending: bool = False) -> Page[WebhookPublic]:
    query = select(WebhookSubscription)
    owner = _owned_by(caller)
    if owner is not None:
        query = query.where(WebhookSubscription.api_key_id == owner)
    if api_key_id is not None:
        query = query.where(WebhookSubscription.api_key_id == api_key_id)
    return await paginate(session, query, key=col(WebhookSubscription.id), page=page, public=_public,
                          descending=descending)


async def get(*, session: AsyncSession, caller: Identity, subscription_id: int) -> WebhookPublic:
    return _public(await _subscription(session, caller, subscription_id))


async def set_status(*, session: AsyncSession, caller: Identity, subscription_id: int,
                     active: bool) -> WebhookPublic:
    """Enable or disable; disabling cancels the deliveries still waiting (replay brings them back)."""
    row = await _subscription(session, caller, subscription_id, lock=True)
    current = now()
    if active and row.status != "active":
        row.status, row.disabled_at = "active", None
    elif not active and row.status != "disabled":
        row.status, row.disabled_at = "disabled", current
        await session.exec(sa.update(WebhookDelivery)
                           .where(col(WebhookDelivery.subscription_id) == row.id,
                                  col(WebhookDelivery.status) == "pending")
                           .values(status="cancelled", next_attempt_at=None, last_error="subscription disabled"))
    await session.commit()
    return _public(row)


async def delete(*, session: AsyncSession, caller: Identity, subscription_id: int) -> None:
    """Remove a subscription with its delivery log."""
    row = await _subscription(session, caller, subscription_id, lock=True)
    deliveries = select(WebhookDelivery.id).where(WebhookDelivery.subscription_id == row.id)
    await session.exec(sa.delete(WebhookAttempt).where(col(WebhookAttempt.delivery_id).in_(deliveries)))
    await session.exec(sa.delete(WebhookDelivery).where(col(WebhookDelivery.subscription_id) == row.id))
    await session.delete(row)
    await session.commit()


# --- the delivery log and replays -------------------------------------------------------------------


async def list_deliveries(*, session: AsyncSession, caller: Identity, subscription_id: int,
                          status: str | None, page: PageParams, descending: bool = False,
                          ) -> Page[WebhookDeliveryPublic]:
    """A subscription's deliveries, oldest first (newest first when ``descending``)."""
    await _subscription(session, caller, subscription_id)
    query = select(WebhookDelivery).where(WebhookDelivery.subscription_id == subscription_id)
    if status is not None:
        query = query.where(WebhookDelivery.status == status)
    return await paginate(session, query, key=col(WebhookDelivery.id), page=page, public=_delivery_public,
                          descending=descending)


async def _delivery(session: AsyncSession, caller: Identity, subscription_id: int, delivery_id: int, *,
                    lock: bool = False) -> tuple[WebhookSubscription, WebhookDelivery]:
    subscription = await _subscription(session, caller, subscription_id)
    query = select(WebhookDelivery).where(WebhookDelivery.id == delivery_id,
                                          WebhookDelivery.subscription_id == subscription_id)
    row = (await session.exec(query.with_for_update() if lock else query)).first()
    if row is None:
        raise not_found("delivery", delivery_id)
    return subscription, row


async def get_delivery(*, session: AsyncSession, caller: Identity, subscription_id: int,
                       delivery_id: int) -> WebhookDeliveryDetail:
    """One delivery with the body it sends and every attempt made."""
    _, row = await _delivery(session, caller, subscription_id, delivery_id)
    attempts = (await session.exec(select(WebhookAttempt).where(WebhookAttempt.delivery_id == row.id)
                                   .order_by(col(WebhookAttempt.number)))).all()
    return WebhookDeliveryDetail(
        **_delivery_public(row).model_dump(), body=row.body,
        attempt_log=[WebhookAttemptPublic.model_validate(a, from_attributes=True) for a in attempts])


def _replayable(subscription: WebhookSubscription) -> None:
    if subscription.status != "active":
        raise Problem(409, "subscription_disabled", "Enable the subscription before replaying its deliveries")


def _again(settings: Settings, at: datetime) -> dict:
    """A new round: due at once, tried for a whole window, its backoff from the start."""
    return {"status": "pending", "next_attempt_at": at, "round_attempts": 0, "delivered_at": None,
            "give_up_at": at + timedelta(seconds=settings.webhooks.retry_window_s)}


async def replay_delivery(*, session: AsyncSession, settings: Settings, caller: Identity, subscription_id: int,
                          delivery_id: int) -> WebhookDeliveryPublic:
    """Send a finished delivery again (same event id and body: the receiver may dedupe it)."""
    subscription, row = await _delivery(session, caller, subscription_id, delivery_id, lock=True)
    _replayable(subscription)
    if row.status == "pending":
        raise Problem(409, "delivery_pending", "This delivery is still being tried")
    for name, value in _again(settings, now()).items():
        setattr(row, name, value)
    await session.commit()
    return _delivery_public(row)


async def replay_since(*, session: AsyncSession, settings: Settings, caller: Identity, subscription_id: int,
                       replay_in: WebhookReplay) -> WebhookReplayed:
    """Send again every finished delivery of events that occurred since a time (optionally of one status)."""
    subscription = await _subscription(session, caller, subscription_id, lock=True)
    _replayable(subscription)
    statuses = [replay_in.status] if replay_in.status else list(FINISHED)
    result = await session.exec(
        sa.update(WebhookDelivery)
        .where(col(WebhookDelivery.subscription_id) == subscription.id,
               col(WebhookDelivery.occurred_at) >= replay_in.since,
               col(WebhookDelivery.status).in_(statuses))
        .values(**_again(settings, now())))
    await session.commit()
    return WebhookReplayed(replayed=result.rowcount or 0)


# --- fan-out ----------------------------------------------------------------------------------------


def partner_body(envelope: Envelope) -> str:
    """The JSON a partner receives for an event (compact, UTF-8, no producer)."""
    shown = envelope.model_dump(mode="json", include={"id", "type", "version", "occurred_at", "payload"})
    ordered = {name: shown[name] for name in ("id", "type", "version", "occurred_at", "payload")}
    return json.dumps(ordered, ensure_ascii=False, separators=(",", ":"))


_subscription_table, _key_table = WebhookSubscription.__table__, ApiKey.__table__
# Read for every batch of events the fan-out consumes: built once, as building a statement and working out
# its cache key cost more than running it.
_ACTIVE_SUBSCRIPTIONS = (
    sa.select(_subscription_table.c.id, _subscription_table.c.created_at, _subscription_table.c.event_types,
              _key_table.c.id.label("api_key_id"), _key_table.c.scopes)
    .select_from(_subscription_table.join(_key_table, _key_table.c.id == _subscription_table.c.api_key_id))
    .where(_subscription_table.c.status == "active", _key_table.c.revoked_at.is_(None)))
_FAN_OUT = sa.insert(WebhookDelivery.__table__)


async def _active_subscriptions(session: AsyncSession) -> list[sa.Row]:
    """The active subscriptions (``id``, ``created_at``, ``event_types``) and their keys (``api_key_id``,
    ``scopes``), read once per session: a consumer's session is one batch's transaction, so every event of
    the batch is matched against the same read."""
    found = session.info.get(_SUBSCRIPTIONS_READ)
    if found is None:
        found = session.info[_SUBSCRIPTIONS_READ] = (await execute(session, _ACTIVE_SUBSCRIPTIONS)).all()
    return found


_SUBSCRIPTIONS_READ = "groupbuy.webhook_subscriptions"


def _addressed_to(envelope: Envelope, api_key_id: int | None) -> bool:
    """An addressed event (a supplier's purchase order) goes only to the key its payload names."""
    payload = envelope.payload if isinstance(envelope.payload, dict) else {}
    return api_key_id is not None and payload.get("partner_api_key_id") == api_key_id


async def fan_out(session: AsyncSession, envelope: Envelope, *, settings: Settings) -> int:
    """One pending delivery per active subscription that wants this event and whose key may receive it
    (in the consumer's transaction; no commit). Returns how many."""
    spec = PARTNER_EVENTS.get(envelope.type)
    if spec is None or spec.version != envelope.version:
        return 0
    wanted = [row.id for row in await _active_subscriptions(session)
              if row.created_at <= envelope.occurred_at and envelope.type in row.event_types
              and spec.scope in row.scopes and (not spec.addressed or _addressed_to(envelope, row.api_key_id))]
    if not wanted:
        return 0
    current = now()
    give_up_at = current + timedelta(seconds=settings.webhooks.retry_window_s)
    body = partner_body(envelope)
    await execute(session, _FAN_OUT, [
        {"subscription_id": subscription_id, "event_id": str(envelope.id), "event_type": envelope.type,
         "occurred_at": envelope.occurred_at, "body": body, "created_at": current, "next_attempt_at": current,
         "give_up_at": give_up_at} for subscription_id in wanted])
    return len(wanted)
