"""Partners' webhooks in-process against this run's membership database, with a real local receiver:
subscribing (event types against the contracts and the key's scopes, URLs, the secret shown once and
sealed at rest), ownership, fan-out from consumed events exactly once, signed deliveries, retries with
backoff until one acknowledgement, giving up, replays, scopes and revocation checked again just before
sending, and a hanging receiver that holds up nobody else."""

from __future__ import annotations

import asyncio
import itertools
import logging
import secrets
import time
from datetime import UTC, datetime, timedelta

import httpcore
import httpx
import pytest
import sqlalchemy as sa
from sqlmodel import col, select

from common.auth import Identity
from common.bus import stream_key
from common.consumer import Consumer, Entry
from common.events import Envelope, EventPayload
from common.events.catalog import ProductChanged
from common.events.orders import OrderConfirmed
from common.problems import Problem
from common.testing.apps import serve_in_process, service_settings
from common.testing.identity import SignedAs, user
from common.testing.webhook_receiver import Behaviour, WebhookReceiver, partner_verify
from services.membership import egress, webhooks
from services.membership.config import Settings
from services.membership.delivery import Dispatcher, Job
from services.membership.handlers import webhook_handlers_for
from services.membership.main import create_app
from services.membership.models import ApiKey, User, WebhookAttempt, WebhookDelivery, WebhookSubscription, events
from services.membership.schemas import WebhookCreate

INITIAL_S = 0.2
TIMEOUT_S = 1.0
WEBHOOKS = {"timeout_s": TIMEOUT_S, "retry_initial_s": INITIAL_S, "retry_max_delay_s": 1.0, "retry_window_s": 4.0,
            "poll_interval_s": 0.05, "max_in_flight_per_subscription": 2, "max_subscriptions_per_key": 3}

_ids = itertools.count(secrets.randbelow(10**6) * 1000 + 1)
_entries = itertools.count(1)


@pytest.fixture(scope="module")
async def app(infra, unit_databases):
    application = create_app(service_settings(Settings, infra, unit_databases, webhooks=WEBHOOKS))
    async with serve_in_process(application) as client:
        application.state.client = client
        yield application


@pytest.fixture(scope="module")
async def receiver():
    running = await WebhookReceiver.start()
    yield running
    await running.stop()


def signed(app, identity: Identity) -> SignedAs:
    return SignedAs(identity, app.state.settings.internal_key)


def partner(key_id: int, *scopes: str) -> Identity:
    return Identity(kind="api_key", api_key_id=key_id, scopes=("webhooks:manage", *scopes))


async def staff(app, *roles: str) -> int:
    async with app.state.db.write_sessions() as session:
        row = User(openid=f"webhooks-{secrets.token_hex(6)}", roles=["customer", *roles])
        session.add(row)
        await session.commit()
        return row.id


async def new_key(app, *scopes: str) -> int:
    ops = await staff(app, "ops")
    made = await app.state.client.post("/v1/api-keys", auth=signed(app, user(ops, "ops")),
                                       json={"name": "partner", "scopes": ["webhooks:manage", *scopes]})
    assert made.status_code == 201, made.text
    return made.json()["id"]


async def subscribe(app, key_id: int, url: str, *event_types: str, scopes: tuple[str, ...] = ("orders:read",)):
    return await app.state.client.post("/v1/webhooks", auth=signed(app, partner(key_id, *scopes)),
                                       json={"url": url, "event_types": list(event_types)})


async def subscribed(app, key_id: int, url: str, *event_types: str) -> dict:
    made = await subscribe(app, key_id, url, *event_types)
    assert made.status_code == 201, made.text
    return made.json()


def confirmed() -> OrderConfirmed:
    at = datetime.now(UTC)
    return OrderConfirmed(order_id=next(_ids), user_id=next(_ids), product_role="regular", grants_level=None,
                          community_id=None, leader_user_id=None, paid_amount_fen=2500, paid_at=at,
                          settled_unit_price_fen=2500, settled_amount_fen=2500, confirmed_at=at)


async def publish(app, *payloads: EventPayload, envelope: Envelope | None = None) -> list[Envelope]:
    """Hand events to the webhooks consumer group the way the stream does."""
    settings = app.state.settings
    envelopes = [envelope] if envelope else [Envelope.of(p) for p in payloads]
    consumer = Consumer(group=webhooks.CONSUMER_GROUP, handlers=webhook_handlers_for(settings), tables=events,
                        database=app.state.db, redis=app.state.redis, redis_settings=settings.redis)
    warned = _Warnings()
    logging.getLogger("groupbuy.consumer").addHandler(warned)
    try:
        await consumer.handle([Entry(stream_key(settings.redis, e.producer), f"{next(_entries)}-0",
                                     {"envelope": e.model_dump_json()}) for e in envelopes])
    finally:
        logging.getLogger("groupbuy.consumer").removeHandler(warned)
    # The fan-out is marked session-free: its batch must go without a session, not fall back to one.
    assert not [m for m in warned.messages if "session-free batch failed" in m], warned.messages
    return envelopes


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


async def deliveries(app, as_key: int, subscription_id: int, **params) -> list[dict]:
    answer = await app.state.client.get(f"/v1/webhooks/{subscription_id}/deliveries", params=params | {"limit": 100},
                                        auth=signed(app, partner(as_key)))
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


async def until(fetch, done, seconds: float = 10.0):
    deadline = time.monotonic() + seconds
    while True:
        answer = await fetch()
        if done(answer) or time.monotonic() > deadline:
            return answer
        await asyncio.sleep(0.05)


# --- subscribing ------------------------------------------------------------------------------------


async def test_a_partner_subscribes_and_its_secret_is_shown_once_and_sealed_at_rest(app, receiver):
    key = await new_key(app, "orders:read")
    made = await subscribed(app, key, receiver.url("first"), "order.refunded", "order.confirmed", "order.refunded")
    assert made["secret"].startswith("whsec_") and len(made["secret"]) > 40
    assert made["event_types"] == ["order.confirmed", "order.refunded"]
    assert made["status"] == "active" and made["api_key_id"] == key
    seen = await app.state.client.get(f"/v1/webhooks/{made['id']}", auth=signed(app, partner(key)))
    assert seen.status_code == 200 and "secret" not in seen.json()
    async with app.state.db.read_sessions() as session:
        row = await session.get(WebhookSubscription, made["id"])
    assert made["secret"] not in row.secret_sealed
    assert app.state.secret_box.open(row.secret_sealed, context=webhooks.secret_context(row.id)) == made["secret"]


async def test_event_types_are_checked_against_the_contracts_and_the_keys_scopes(app, receiver):
    key = await new_key(app, "catalog:read")
    url = receiver.url("catalogue")
    refused = await subscribe(app, key, url, "product.changed", "order.confirmed", scopes=("catalog:read",))
    assert refused.status_code == 403 and refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "scope_required"
    assert refused.json()["missing"] == {"order.confirmed": "orders:read"}
    unknown = await subscribe(app, key, url, "order.teleported")
    assert unknown.status_code == 422 and unknown.json()["code"] == "unknown_event_type"
    assert "product.changed" in unknown.json()["offered"]
    personal = await subscribe(app, key, url, "user.registered")
    assert personal.status_code == 422 and personal.json()["code"] == "event_type_not_offered"
    malformed = await subscribe(app, key, url, "Order Confirmed")
    assert malformed.status_code == 422 and malformed.json()["code"] == "validation_error"
    listed = await app.state.client.get("/v1/webhooks", auth=signed(app, partner(key)))
    assert listed.json()["items"] == []
    assert (await subscribe(app, key, url, "product.changed")).status_code == 201


@pytest.mark.parametrize(("body", "field"), [
    ({"url": "ftp://partner.example/hooks", "event_types": ["order.paid"]}, "body.url"),
    ({"url": "https://me:pw@partner.example/hooks", "event_types": ["order.paid"]}, "body.url"),
    ({"url": "https://partner.example/hooks", "event_types": []}, "body.event_types"),
    ({"url": "https://partner.example/hooks", "event_types": ["order.paid"], "secret": "mine"}, "body.secret"),
])
async def test_bad_requests_are_refused_with_the_field_named(app, body, field):
    key = await new_key(app, "orders:read")
    answer = await app.state.client.post("/v1/webhooks", json=body, auth=signed(app, partner(key, "orders:read")))
    assert answer.status_code == 422, answer.text
    assert field in [e["field"] for e in answer.json()["errors"]]


async def test_a_key_has_at_most_the_configured_number_of_subscriptions(app, receiver):
    key = await new_key(app, "orders:read")
    for _ in range(WEBHOOKS["max_subscriptions_per_key"]):
        await subscribed(app, key, receiver.url("many"), "order.paid")
    over = await subscribe(app, key, receiver.url("many"), "order.paid")
    assert over.status_code == 409 and over.json()["code"] == "subscription_limit"


async def test_only_the_owning_key_sees_a_subscription_and_ops_see_every_one(app, receiver):
    api = app.state.client
    owner, other = await new_key(app, "orders:read"), await new_key(app, "orders:read")
    made = await subscribed(app, owner, receiver.url("owned"), "order.paid")
    mine = await subscribed(app, other, receiver.url("owned"), "order.paid")
    url = f"/v1/webhooks/{made['id']}"
    stranger = signed(app, partner(other))
    assert (await api.get(url, auth=stranger)).status_code == 404
    assert (await api.get(f"{url}/deliveries", auth=stranger)).status_code == 404
    assert (await api.post(f"{url}/disable", auth=stranger)).status_code == 404
    assert (await api.post(f"{url}/replay", json={"since": "2026-01-01T00:00:00Z"}, auth=stranger)).status_code == 404
    assert (await api.delete(url, auth=stranger)).status_code == 404
    assert [s["id"] for s in (await api.get("/v1/webhooks", auth=stranger)).json()["items"]] == [mine["id"]]
    assert [s["id"] for s in (await api.get("/v1/webhooks", params={"api_key_id": owner},
                                            auth=stranger)).json()["items"]] == []
    ops = signed(app, user(await staff(app, "ops"), "ops"))
    assert (await api.get(url, auth=ops)).json()["api_key_id"] == owner
    everyone = {s["id"] for s in (await api.get("/v1/webhooks", params={"limit": 100}, auth=ops)).json()["items"]}
    assert {made["id"], mine["id"]} <= everyone
    narrowed = (await api.get("/v1/webhooks", params={"api_key_id": owner}, auth=ops)).json()["items"]
    assert [s["id"] for s in narrowed] == [made["id"]]
    by_ops = await api.post("/v1/webhooks", json={"url": receiver.url("x"), "event_types": ["order.paid"]}, auth=ops)
    assert by_ops.status_code == 403 and by_ops.json()["code"] == "partner_key_required"
    customer = signed(app, user(await staff(app)))
    assert (await api.get(url, auth=customer)).status_code == 403
    unscoped = signed(app, Identity(kind="api_key", api_key_id=owner, scopes=("orders:read",)))
    assert (await api.get(url, auth=unscoped)).status_code == 403
    assert (await api.get(url)).status_code == 401
    assert (await api.delete(url, auth=signed(app, partner(owner)))).status_code == 204
    assert (await api.get(url, auth=ops)).status_code == 404


async def test_production_sends_only_to_https_urls_outside_our_network(app):
    key = await new_key(app, "orders:read")
    production = app.state.settings.model_copy(update={"mode": "production"})

    async def create(url: str):
        async with app.state.db.write_sessions() as session:
            return await webhooks.create(session=session, settings=production, box=app.state.secret_box,
                                         caller=partner(key, "orders:read"),
                                         subscription_in=WebhookCreate(url=url, event_types=["order.paid"]))

    for url in ("http://partner.example/hooks", "https://127.0.0.1/hooks", "https://192.168.1.20/hooks",
                "https://2130706433/hooks", "https://0x7f000001/hooks", "https://127.1/hooks", "https://0/hooks",
                "https://0xa9fea9fe/latest", "https://012.0.0.1/hooks", "https://[::ffff:127.0.0.1]/hooks"):
        with pytest.raises(Problem) as refused:
            await create(url)
        assert (refused.value.status, refused.value.code) == (422, "webhook_url_refused"), url
    assert (await create("https://partner.example/hooks")).url == "https://partner.example/hooks"


# --- delivering -------------------------------------------------------------------------------------


async def test_a_delivery_is_signed_carries_the_event_and_is_logged(app, receiver):
    key = await new_key(app, "orders:read", "catalog:read")
    made = await subscribed(app, key, receiver.url("signed"), "order.confirmed")
    other = await subscribed(app, key, receiver.url("signed-products"), "product.changed")
    (envelope,) = await publish(app, confirmed())
    assert await receiver.wait_for(lambda r: any(x.event_id == str(envelope.id) for x in r.at("signed")), 10)
    got = next(x for x in receiver.at("signed") if x.event_id == str(envelope.id))
    assert got.event_type == "order.confirmed" and got.headers["content-type"] == "application/json"
    assert partner_verify(made["secret"], got.headers, got.body)
    assert not partner_verify(other["secret"], got.headers, got.body)
    assert got.json() == {"id": str(envelope.id), "type": "order.confirmed", "version": 1,
                          "occurred_at": envelope.model_dump(mode="json")["occurred_at"], "payload": envelope.payload}
    log = await until(lambda: deliveries(app, key, made["id"]),
                      lambda items: items and items[0]["status"] == "delivered")
    assert [(d["event_id"], d["status"], d["attempts"], d["last_status_code"]) for d in log] == [
        (str(envelope.id), "delivered", 1, 200)]
    assert log[0]["delivered_at"] and log[0]["next_attempt_at"] is None
    assert await deliveries(app, key, other["id"]) == []
    assert receiver.at("signed-products") == []
    api, mine = app.state.client, signed(app, partner(key))
    assert (await api.get(f"/v1/webhooks/{made['id']}/deliveries/{log[0]['id']}", auth=mine)).status_code == 200
    assert (await api.get(f"/v1/webhooks/{other['id']}/deliveries/{log[0]['id']}", auth=mine)).status_code == 404
    stranger = signed(app, partner(await new_key(app, "orders:read")))
    assert (await api.get(f"/v1/webhooks/{made['id']}/deliveries/{log[0]['id']}", auth=stranger)).status_code == 404
    replay = f"/v1/webhooks/{made['id']}/deliveries/{log[0]['id']}/replay"
    assert (await api.post(replay, auth=stranger)).status_code == 404


async def test_a_failing_receiver_is_retried_with_backoff_until_it_acknowledges_once(app, receiver):
    receiver.fail_first("flaky", 3)
    key = await new_key(app, "orders:read")
    made = await subscribed(app, key, receiver.url("flaky"), "order.confirmed")
    (envelope,) = await publish(app, confirmed())
    await publish(app, envelope=envelope)  # the stream delivers it again: one delivery all the same
    log = await until(lambda: deliveries(app, key, made["id"]), lambda items: items and items[0]["status"] != "pending")
    assert [(d["status"], d["attempts"], d["last_status_code"]) for d in log] == [("delivered", 4, 200)]
    await asyncio.sleep(4 * INITIAL_S)
    arrived = receiver.at("flaky")
    assert [(r.status, r.headers["groupbuy-delivery-attempt"]) for r in arrived] == [
        (503, "1"), (503, "2"), (503, "3"), (200, "4")]
    assert {r.event_id for r in arrived} == {str(envelope.id)} and len({r.body for r in arrived}) == 1
    assert all(partner_verify(made["secret"], r.headers, r.body) for r in arrived)
    gaps = [later.at - earlier.at for earlier, later in itertools.pairwise(arrived)]
    assert all(gap >= 0.5 * INITIAL_S * 2 ** n * 0.9 for n, gap in enumerate(gaps)), gaps
    detail = (await app.state.client.get(f"/v1/webhooks/{made['id']}/deliveries/{log[0]['id']}",
                                         auth=signed(app, partner(key)))).json()
    assert [(a["number"], a["status_code"]) for a in detail["attempt_log"]] == [(1, 503), (2, 503), (3, 503), (4, 200)]
    assert all(a["finished_at"] and a["duration_ms"] is not None for a in detail["attempt_log"])
    assert detail["body"].encode() == arrived[0].body


async def test_a_receiver_that_never_acknowledges_fails_at_the_windows_end_and_a_replay_sends_it_again(app, receiver):
    receiver.fail_first("down", 10**6)
    key = await new_key(app, "orders:read")
    made = await subscribed(app, key, receiver.url("down"), "order.confirmed")
    (envelope,) = await publish(app, confirmed())
    log = await until(lambda: deliveries(app, key, made["id"]), lambda items: items and items[0]["status"] == "failed",
                      seconds=WEBHOOKS["retry_window_s"] + 10)
    failed = log[0]
    assert failed["status"] == "failed" and failed["attempts"] >= 3 and failed["last_status_code"] == 503
    assert len(receiver.at("down")) == failed["attempts"]
    receiver.behaviours["down"] = Behaviour()
    url = f"/v1/webhooks/{made['id']}/deliveries/{failed['id']}/replay"
    replayed = await app.state.client.post(url, auth=signed(app, partner(key)))
    assert replayed.status_code == 200 and replayed.json()["status"] in ("pending", "delivered")
    log = await until(lambda: deliveries(app, key, made["id"]), lambda items: items[0]["status"] == "delivered")
    assert log[0]["status"] == "delivered" and log[0]["attempts"] == failed["attempts"] + 1
    again = await app.state.client.post(f"/v1/webhooks/{made['id']}/replay", auth=signed(app, partner(key)),
                                        json={"since": (envelope.occurred_at - timedelta(seconds=1)).isoformat()})
    assert again.status_code == 200 and again.json() == {"replayed": 1}
    assert await receiver.wait_for(lambda r: len(r.at("down")) == failed["attempts"] + 2, 10)
    assert {r.event_id for r in receiver.at("down")} == {str(envelope.id)}
    naive = await app.state.client.post(f"/v1/webhooks/{made['id']}/replay", json={"since": "2026-01-01T00:00:00"},
                                        auth=signed(app, partner(key)))
    assert naive.status_code == 422


async def test_disabling_cancels_what_waits_and_replays_wait_for_enabling(app, receiver):
    receiver.fail_first("paused", 10**6)
    key = await new_key(app, "orders:read")
    made = await subscribed(app, key, receiver.url("paused"), "order.confirmed")
    await publish(app, confirmed())
    assert await receiver.wait_for(lambda r: len(r.at("paused")) >= 1, 10)
    auth = signed(app, partner(key))
    disabled = await app.state.client.post(f"/v1/webhooks/{made['id']}/disable", auth=auth)
    assert disabled.json()["status"] == "disabled" and disabled.json()["disabled_at"]
    log = await until(lambda: deliveries(app, key, made["id"]), lambda items: items[0]["status"] == "cancelled")
    assert log[0]["status"] == "cancelled"
    sent = len(receiver.at("paused"))
    await asyncio.sleep(4 * INITIAL_S)
    assert len(receiver.at("paused")) == sent
    refused = await app.state.client.post(f"/v1/webhooks/{made['id']}/deliveries/{log[0]['id']}/replay", auth=auth)
    assert refused.status_code == 409 and refused.json()["code"] == "subscription_disabled"
    await publish(app, confirmed())
    assert len(await deliveries(app, key, made["id"])) == 1  # nothing is fanned out to a disabled subscription
    receiver.behaviours["paused"] = Behaviour()
    assert (await app.state.client.post(f"/v1/webhooks/{made['id']}/enable", auth=auth)).json()["status"] == "active"
    replayed = await app.state.client.post(f"/v1/webhooks/{made['id']}/replay", auth=auth,
                                           json={"since": "2026-01-01T00:00:00Z", "status": "cancelled"})
    assert replayed.json() == {"replayed": 1}
    log = await until(lambda: deliveries(app, key, made["id"]), lambda items: items[0]["status"] == "delivered")
    assert log[0]["status"] == "delivered"


# --- scopes at delivery time ------------------------------------------------------------------------


async def _fan_out_and(app, change) -> Envelope:
    """Fan an event out and apply ``change`` in the same transaction: the dispatcher sees both at once."""
    envelope = Envelope.of(confirmed())
    async with app.state.db.write_sessions() as session:
        assert await webhooks.fan_out(session, envelope, settings=app.state.settings) >= 1
        await change(session)
        await session.commit()
    return envelope


async def test_a_key_that_loses_orders_read_receives_no_order_payload_any_more(app, receiver):
    key = await new_key(app, "orders:read", "catalog:read")
    made = await subscribed(app, key, receiver.url("narrowed"), "order.confirmed")

    async def narrow(session) -> None:
        await session.exec(sa.update(ApiKey).where(col(ApiKey.id) == key)
                           .values(scopes=["catalog:read", "webhooks:manage"]))

    await _fan_out_and(app, narrow)
    log = await until(lambda: deliveries(app, key, made["id"]), lambda items: items[0]["status"] != "pending")
    assert log[0]["status"] == "cancelled" and "scope" in log[0]["last_error"] and log[0]["attempts"] == 0
    await publish(app, confirmed())
    assert len(await deliveries(app, key, made["id"])) == 1  # later events are not even fanned out
    await asyncio.sleep(4 * INITIAL_S)
    assert receiver.at("narrowed") == []


async def test_a_revoked_key_receives_nothing_more(app, receiver):
    key = await new_key(app, "orders:read")
    made = await subscribed(app, key, receiver.url("revoked"), "order.confirmed")

    async def revoke(session) -> None:
        await session.exec(sa.update(ApiKey).where(col(ApiKey.id) == key).values(revoked_at=datetime.now(UTC)))

    await _fan_out_and(app, revoke)
    log = await until(lambda: deliveries(app, key, made["id"]), lambda items: items[0]["status"] != "pending")
    assert log[0]["status"] == "cancelled" and log[0]["last_error"] == "API key revoked"
    await asyncio.sleep(4 * INITIAL_S)
    assert receiver.at("revoked") == []


async def test_product_events_reach_a_catalog_key_and_order_events_never_do(app, receiver):
    catalog_key = await new_key(app, "catalog:read")
    made = await subscribe(app, catalog_key, receiver.url("catalog-only"), "product.changed", scopes=("catalog:read",))
    assert made.status_code == 201
    order, product = confirmed(), ProductChanged(product_id=next(_ids), published=True, role="regular",
                                                 changed_at=datetime.now(UTC))
    envelopes = await publish(app, order, product)
    assert await receiver.wait_for(lambda r: len(r.at("catalog-only")) >= 1, 10)
    await asyncio.sleep(4 * INITIAL_S)
    assert [r.event_id for r in receiver.at("catalog-only")] == [str(envelopes[1].id)]
    assert all("order" not in r.json()["type"] for r in receiver.at("catalog-only"))


# --- a hanging receiver -----------------------------------------------------------------------------


async def test_a_hanging_receiver_is_cut_off_and_holds_up_no_other_delivery(app, receiver):
    receiver.hang("stuck")
    stuck_key, prompt_key = await new_key(app, "orders:read"), await new_key(app, "orders:read")
    stuck = await subscribed(app, stuck_key, receiver.url("stuck"), "order.confirmed")
    prompt = await subscribed(app, prompt_key, receiver.url("prompt"), "order.confirmed")
    sent = await publish(app, *(confirmed() for _ in range(5)))
    wanted = {str(e.id) for e in sent}
    assert await receiver.wait_for(lambda r: wanted <= {x.event_id for x in r.at("prompt")}, 10)
    first_cut = await until(lambda: _first_finished(app, stuck["id"]), lambda at: at is not None)
    async with app.state.db.read_sessions() as session:
        delivered = (await session.exec(select(sa.func.max(WebhookDelivery.delivered_at))
                                        .where(WebhookDelivery.subscription_id == prompt["id"]))).one()
        started_early = (await session.exec(
            select(sa.func.count(sa.distinct(WebhookAttempt.delivery_id))).join(
                WebhookDelivery, col(WebhookDelivery.id) == col(WebhookAttempt.delivery_id))
            .where(WebhookDelivery.subscription_id == stuck["id"], col(WebhookAttempt.started_at) < first_cut))).one()
        cut = (await session.exec(select(WebhookAttempt).join(
            WebhookDelivery, col(WebhookDelivery.id) == col(WebhookAttempt.delivery_id))
            .where(WebhookDelivery.subscription_id == stuck["id"], col(WebhookAttempt.finished_at).is_not(None))
            .order_by(col(WebhookAttempt.id)))).first()
    assert delivered < first_cut, "every prompt delivery went out before the first hanging attempt was cut off"
    assert started_early <= WEBHOOKS["max_in_flight_per_subscription"]
    assert cut.status_code is None and cut.error == f"no answer within {TIMEOUT_S:g}s"
    assert TIMEOUT_S * 1000 * 0.9 <= cut.duration_ms < TIMEOUT_S * 1000 * 5


async def _first_finished(app, subscription_id: int) -> datetime | None:
    async with app.state.db.read_sessions() as session:
        return (await session.exec(
            select(sa.func.min(WebhookAttempt.finished_at)).join(
                WebhookDelivery, col(WebhookDelivery.id) == col(WebhookAttempt.delivery_id))
            .where(WebhookDelivery.subscription_id == subscription_id))).one()


# --- reaching the receiver --------------------------------------------------------------------------


def resolving(answers: dict[str, list[list[str]]], asked: list[str] | None = None) -> egress.Resolver:
    """A resolver that gives each host its next answer in turn (the last one again when they run out)."""

    async def resolve(host: str, port: int) -> list[str]:
        if asked is not None:
            asked.append(host)
        given = answers[host]
        return given.pop(0) if len(given) > 1 else given[0]

    return resolve


def job_for(url: str) -> Job:
    return Job(delivery_id=0, subscription_id=0, attempt=1, url=url, secret="whsec_egress", body=b"{}",
               event_id="egress-test", event_type="order.paid")


async def test_the_dispatcher_sends_with_a_client_that_checks_addresses_and_follows_no_redirect(app):
    client = app.state.webhook_dispatcher.client
    assert client is not app.state.http and client.follow_redirects is False and client.trust_env is False


@pytest.mark.parametrize("host", ["2130706433", "0x7f000001", "127.1"])
async def test_production_refuses_a_spelled_loopback_address_when_it_connects(app, receiver, host):
    path = f"spelled-{host}"
    url = f"http://{host}:{receiver.port}/{path}"
    async with egress.webhook_client(production=True, max_connections=2) as client:
        production = Dispatcher(database=app.state.db, client=client, settings=app.state.settings.webhooks,
                                box=app.state.secret_box)
        answer = await production.send(job_for(url))
    assert answer.status_code is None and "127.0.0.1, an internal address" in answer.error
    assert receiver.at(path) == []
    async with egress.webhook_client(production=False, max_connections=2) as client:
        assert (await client.post(url, content=b"{}")).status_code == 200
    assert len(receiver.at(path)) == 1, "the spelling does reach the loopback address"


async def test_a_name_is_resolved_once_and_the_connection_goes_to_the_address_checked(receiver):
    asked: list[str] = []
    resolver = resolving({"hooks.partner.example": [["127.0.0.1"]]}, asked)
    async with egress.webhook_client(production=False, max_connections=2, resolver=resolver) as client:
        answer = await client.post(f"http://hooks.partner.example:{receiver.port}/pinned", content=b"{}")
    assert answer.status_code == 200 and asked == ["hooks.partner.example"]
    (arrived,) = receiver.at("pinned")
    assert arrived.headers["host"] == f"hooks.partner.example:{receiver.port}"


async def test_production_refuses_a_name_that_resolves_to_any_internal_address_and_never_connects(receiver):
    resolver = resolving({"rebound.partner.example": [["93.184.215.14", "127.0.0.1"]],
                          "inside.partner.example": [["127.0.0.1"]]})
    async with egress.webhook_client(production=True, max_connections=2, resolver=resolver) as client:
        for host in ("rebound.partner.example", "inside.partner.example"):
            with pytest.raises(httpx.ConnectError, match=r"resolves to 127\.0\.0\.1, an internal address"):
                await client.post(f"http://{host}:{receiver.port}/inside", content=b"{}")
    assert receiver.at("inside") == []


class RecordingNetwork(httpcore.AsyncNetworkBackend):
    """Records where connections were asked to go, and opens none."""

    def __init__(self) -> None:
        self.hosts: list[str] = []

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):  # noqa: ASYNC109
        self.hosts.append(host)
        raise httpcore.ConnectError(f"{host} did not answer")


async def test_a_dns_answer_that_changes_after_the_check_cannot_redirect_the_connection():
    network = RecordingNetwork()
    resolver = resolving({"rebinding.partner.example": [["93.184.215.14"], ["127.0.0.1"]]})
    checked = egress.CheckedNetwork(production=True, resolver=resolver, network=network)
    with pytest.raises(httpcore.ConnectError):
        await checked.connect_tcp("rebinding.partner.example", 443)
    assert network.hosts == ["93.184.215.14"], "the socket goes to the address checked, never to the name"
    with pytest.raises(egress.TargetRefused, match=r"127\.0\.0\.1"):
        await checked.connect_tcp("rebinding.partner.example", 443)
    assert network.hosts == ["93.184.215.14"]


async def test_each_checked_address_is_tried_in_turn():
    network = RecordingNetwork()
    resolver = resolving({"hooks.partner.example": [["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]]})
    checked = egress.CheckedNetwork(production=True, resolver=resolver, network=network)
    with pytest.raises(httpcore.ConnectError):
        await checked.connect_tcp("hooks.partner.example", 443)
    assert network.hosts == ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]
