"""The pure rules of partners' webhooks: the signature scheme (checked by a receiver written from the
documentation, not from the sender), the retry schedule, which events which scopes may receive, which
URLs may receive them, and the signing secrets sealed at rest."""

from __future__ import annotations

import ipaddress
import socket
import time
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from common.events import REGISTRY
from common.testing.webhook_receiver import partner_verify
from services.membership.domain import retries, signing
from services.membership.domain.partner_events import PARTNER_EVENTS, may_receive, missing_scopes, required_scope
from services.membership.domain.targets import host_address, is_internal, resolution_problem, url_problem
from services.membership.secret_box import SecretBox, SecretUnreadable

SECRET = "whsec_test-secret-for-signing"
BODY = '{"id":"5b1f","type":"order.confirmed","version":1,"payload":{"order_id":7,"note":"满减"}}'.encode()


def headers_for(body: bytes, *, secret: str = SECRET, timestamp: int | None = None) -> dict[str, str]:
    made = signing.delivery_headers(secret=secret, timestamp=timestamp or int(time.time()), body=body,
                                    event_id="5b1f", event_type="order.confirmed", delivery_id=3, attempt=1)
    return {name.lower(): value for name, value in made.items()}


# --- the signature ----------------------------------------------------------------------------------


def test_a_signed_delivery_verifies_for_the_receiver():
    headers = headers_for(BODY)
    assert headers["groupbuy-signature"].startswith("v1=") and len(headers["groupbuy-signature"]) == 3 + 64
    assert headers["groupbuy-event-id"] == "5b1f" and headers["groupbuy-event-type"] == "order.confirmed"
    assert partner_verify(SECRET, headers, BODY)
    assert signing.verify(SECRET, timestamp=headers["groupbuy-timestamp"], signatures=headers["groupbuy-signature"],
                          body=BODY, now=time.time())


def test_a_wrong_secret_an_altered_body_or_a_moved_timestamp_is_detected():
    headers = headers_for(BODY)
    assert not partner_verify("whsec_someone-elses-secret", headers, BODY)
    assert not partner_verify(SECRET, headers, BODY.replace(b'"order_id":7', b'"order_id":8'))
    assert not partner_verify(SECRET, headers, BODY + b" ")
    moved = headers | {"groupbuy-timestamp": str(int(headers["groupbuy-timestamp"]) + 1)}
    assert not partner_verify(SECRET, moved, BODY)
    assert not partner_verify(SECRET, headers | {"groupbuy-signature": "v1=" + "0" * 64}, BODY)
    assert not partner_verify(SECRET, headers | {"groupbuy-signature": ""}, BODY)


def test_an_old_delivery_is_refused_even_with_a_good_signature():
    old = int(time.time()) - 301
    headers = headers_for(BODY, timestamp=old)
    assert not partner_verify(SECRET, headers, BODY)
    assert partner_verify(SECRET, headers, BODY, now=old + 10)
    assert not signing.verify(SECRET, timestamp=headers["groupbuy-timestamp"],
                              signatures=headers["groupbuy-signature"], body=BODY, now=time.time())


def test_any_of_several_signatures_may_match():
    headers = headers_for(BODY)
    both = f"v1={'ab' * 32}, {headers['groupbuy-signature']}"
    assert partner_verify(SECRET, headers | {"groupbuy-signature": both}, BODY)
    assert signing.verify(SECRET, timestamp=headers["groupbuy-timestamp"], signatures=both, body=BODY,
                          now=time.time())
    assert not signing.verify(SECRET, timestamp=headers["groupbuy-timestamp"], signatures="v1=é", body=BODY,
                              now=time.time())


@given(secret=st.text(min_size=1, max_size=40), body=st.binary(max_size=300), flip=st.integers(min_value=0))
def test_signing_round_trips_and_any_changed_byte_breaks_it(secret, body, flip):
    timestamp = int(time.time())
    header = signing.signature_header(secret, timestamp, body)
    assert signing.verify(secret, timestamp=str(timestamp), signatures=header, body=body, now=timestamp)
    if body:
        index = flip % len(body)
        changed = body[:index] + bytes([body[index] ^ 0x01]) + body[index + 1:]
        assert not signing.verify(secret, timestamp=str(timestamp), signatures=header, body=changed, now=timestamp)


# --- the retry schedule -----------------------------------------------------------------------------


def test_the_backoff_doubles_from_the_first_wait_up_to_the_cap():
    waits = [retries.backoff(n, initial_s=30, max_delay_s=3600) for n in range(1, 10)]
    assert waits == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    with pytest.raises(ValueError):
        retries.backoff(0, initial_s=30, max_delay_s=3600)


@given(attempt=st.integers(min_value=1, max_value=200), jitter=st.floats(min_value=0, max_value=1))
def test_jitter_keeps_each_wait_between_half_and_the_whole_backoff(attempt, jitter):
    whole = retries.backoff(attempt, initial_s=2, max_delay_s=600)
    delay = retries.retry_delay(attempt, initial_s=2, max_delay_s=600, jitter=jitter)
    assert whole / 2 <= delay <= whole


def test_no_attempt_is_planned_past_the_end_of_the_round():
    failed = datetime(2026, 11, 23, 12, tzinfo=UTC)
    give_up = failed + timedelta(seconds=100)
    assert retries.next_attempt_at(failed, 1, give_up_at=give_up, initial_s=30, max_delay_s=600,
                                   jitter=1.0) == failed + timedelta(seconds=30)
    assert retries.next_attempt_at(failed, 1, give_up_at=give_up, initial_s=30, max_delay_s=600,
                                   jitter=0.0) == failed + timedelta(seconds=15)
    assert retries.next_attempt_at(failed, 3, give_up_at=give_up, initial_s=30, max_delay_s=600,
                                   jitter=0.5) == failed + timedelta(seconds=90)
    assert retries.next_attempt_at(failed, 3, give_up_at=give_up, initial_s=30, max_delay_s=600, jitter=1.0) is None


def test_only_a_2xx_acknowledges():
    assert [code for code in (199, 200, 204, 299, 301, 304, 400, 410, 500) if retries.is_acknowledged(code)] == [
        200, 204, 299]


# --- who may receive what ---------------------------------------------------------------------------


def test_every_partner_event_is_a_registered_contract():
    for event in PARTNER_EVENTS.values():
        assert (event.event_type, event.version) in REGISTRY


def test_order_and_group_events_need_orders_read_and_product_events_catalog_read():
    assert {t for t, e in PARTNER_EVENTS.items() if e.scope == "orders:read"} == {
        "order.placed", "order.paid", "order.confirmed", "order.completed", "order.refunded", "order.cancelled",
        "order.uncollected",
        "group.closed", "purchase_order.created"}
    assert PARTNER_EVENTS["purchase_order.created"].addressed  # only to the supplier's own key
    assert required_scope("product.changed") == "catalog:read"
    assert not may_receive(["catalog:read", "webhooks:manage"], "order.confirmed")
    assert may_receive(["orders:read"], "group.closed")
    assert missing_scopes(["catalog:read"], ["product.changed", "order.refunded"]) == {"order.refunded": "orders:read"}


def test_personal_events_are_never_offered_to_partners():
    for event_type in ("user.registered", "level.changed", "referral.bound", "referral.referee_paid"):
        assert required_scope(event_type) is None
        assert not may_receive(["orders:read", "catalog:read", "membership:read", "referrals:read"], event_type)


# --- where webhooks may go --------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "production", "refused"), [
    ("https://partner.example/hooks", True, None),
    ("http://partner.example/hooks", False, None),
    ("http://127.0.0.1:9000/hooks", False, None),
    ("http://partner.example/hooks", True, "https only"),
    ("ftp://partner.example/hooks", False, "must start with https://"),
    ("https://user:pw@partner.example/hooks", False, "user name or password"),
    ("https://partner.example/hooks#top", False, "fragment"),
    ("https:///hooks", False, "no host"),
    ("https://partner.example:99999/hooks", False, "not well formed"),
    ("https://127.0.0.1/hooks", True, "internal address"),
    ("https://10.1.2.3/hooks", True, "internal address"),
    ("https://[::1]/hooks", True, "internal address"),
    ("https://localhost:8443/hooks", True, "internal address"),
    ("https://169.254.169.254/latest", True, "internal address"),
])
def test_webhook_urls(url, production, refused):
    problem = url_problem(url, production=production)
    assert (problem is None) if refused is None else (refused in (problem or ""))


@pytest.mark.parametrize(("url", "address"), [
    ("https://2130706433/hooks", "127.0.0.1"),
    ("https://0x7f000001/hooks", "127.0.0.1"),
    ("https://127.1/hooks", "127.0.0.1"),
    ("https://0177.0.0.1/hooks", "127.0.0.1"),
    ("https://0/hooks", "0.0.0.0"),
    ("https://0xa9fea9fe/latest", "169.254.169.254"),
    ("https://012.0.0.1/hooks", "10.0.0.1"),
    ("https://10.258/hooks", "10.0.1.2"),
    ("https://127.0.0.1./hooks", "127.0.0.1"),
    ("https://127。0。0。1/hooks", "127.0.0.1"),
    ("https://１２７.０.０.１/hooks", "127.0.0.1"),
])
def test_an_internal_address_is_refused_however_it_is_spelled(url, address):
    problem = url_problem(url, production=True)
    assert problem is not None and "internal address" in problem
    assert address in problem
    assert url_problem(url, production=False) is None


@pytest.mark.parametrize("url", [
    "https://[::ffff:127.0.0.1]/hooks", "https://[::ffff:a9fe:a9fe]/hooks", "https://[64:ff9b::a9fe:a9fe]/hooks",
    "https://[2002:7f00:1::]/hooks", "https://[fe80::1]/hooks", "https://[fd00::1]/hooks", "https://[::]/hooks",
    "https://224.0.0.1/hooks", "https://239.255.255.250/hooks", "https://100.64.0.1/hooks",
    "https://240.0.0.1/hooks", "https://255.255.255.255/hooks", "https://198.18.0.1/hooks",
    "https://metadata.google.internal/computeMetadata", "https://db.localhost/hooks",
])
def test_every_kind_of_internal_address_is_refused_in_production(url):
    assert "internal" in (url_problem(url, production=True) or "")


@pytest.mark.parametrize("url", ["https://0x08080808/hooks", "https://134744072/hooks", "https://8.8.8.8/hooks",
                                 "https://[2606:4700:4700::1111]/hooks", "https://hooks.partner.example:8443/in"])
def test_a_public_address_is_accepted_however_it_is_spelled(url):
    assert url_problem(url, production=True) is None


@pytest.mark.parametrize("host", ["1.2.3.999", "08.8.8.8", "1.2.3.4.5", "256.1", "hooks.0x1", "1..2"])
def test_a_host_that_reads_as_a_number_must_be_a_valid_address(host):
    assert "neither a name nor a valid address" in (url_problem(f"https://{host}/hooks", production=False) or "")


_ipv4s = st.integers(min_value=0, max_value=2**32 - 1)


def _spellings(number: int) -> list[str]:
    octets = number.to_bytes(4, "big")
    return [str(number), hex(number), f"0{number:o}", f"{octets[0]}.{int.from_bytes(octets[1:], 'big')}",
            f"{octets[0]}.{octets[1]}.{int.from_bytes(octets[2:], 'big')}",
            ".".join(f"0{o:o}" for o in octets), ".".join(hex(o) for o in octets)]


@given(number=_ipv4s)
def test_a_numeric_host_is_read_as_the_system_resolver_reads_it(number):
    for spelling in _spellings(number):
        assert host_address(spelling) == ipaddress.IPv4Address(number), spelling
        assert socket.inet_aton(spelling) == number.to_bytes(4, "big"), spelling


@given(number=_ipv4s)
def test_production_accepts_a_spelling_exactly_when_it_accepts_the_dotted_address(number):
    dotted = str(ipaddress.IPv4Address(number))
    expected = url_problem(f"https://{dotted}/", production=True) is None
    for spelling in _spellings(number):
        assert (url_problem(f"https://{spelling}/", production=True) is None) == expected, spelling


def test_a_delivery_may_not_connect_to_any_internal_address_a_host_resolves_to():
    assert resolution_problem("hooks.partner.example", ["93.184.215.14"], production=True) is None
    assert "127.0.0.1" in resolution_problem("hooks.partner.example", ["127.0.0.1"], production=True)
    assert "169.254.169.254" in resolution_problem("hooks.partner.example", ["93.184.215.14", "169.254.169.254"],
                                                   production=True)
    assert "internal" in resolution_problem("hooks.partner.example", ["::ffff:10.0.0.1"], production=True)
    assert "no address" in resolution_problem("hooks.partner.example", [], production=True)
    assert resolution_problem("hooks.partner.example", ["127.0.0.1"], production=False) is None
    assert "internal name" in resolution_problem("vault.internal", ["93.184.215.14"], production=True)
    assert not is_internal(ipaddress.ip_address("2606:4700:4700::1111"))


# --- secrets at rest --------------------------------------------------------------------------------


def test_a_sealed_secret_opens_only_for_its_subscription_and_never_shows_in_clear():
    box = SecretBox(["k" * 40])
    sealed = box.seal(SECRET, context="webhook_subscription:1")
    assert SECRET not in sealed and sealed.startswith("v1.")
    assert box.open(sealed, context="webhook_subscription:1") == SECRET
    assert box.seal(SECRET, context="webhook_subscription:1") != sealed  # a fresh nonce each time
    with pytest.raises(SecretUnreadable):
        box.open(sealed, context="webhook_subscription:2")
    tampered = sealed[:-4] + ("AAAA" if not sealed.endswith("AAAA") else "BBBB")
    with pytest.raises(SecretUnreadable):
        box.open(tampered, context="webhook_subscription:1")


def test_a_new_key_seals_while_the_old_one_still_opens():
    old, new = "old-" + "o" * 40, "new-" + "n" * 40
    sealed_before = SecretBox([old]).seal(SECRET, context="c")
    rotated = SecretBox([new, old])
    assert rotated.open(sealed_before, context="c") == SECRET
    assert SecretBox([new]).open(rotated.seal(SECRET, context="c"), context="c") == SECRET
    with pytest.raises(SecretUnreadable):
        SecretBox([new]).open(sealed_before, context="c")


def test_the_verification_example_partners_are_given_accepts_ours_and_refuses_a_forgery():
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[3] / "docs" / "partners.md").read_text()
    example = guide.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict = {}
    exec(compile(example, "docs/partners.md", "exec"), namespace)
    headers = headers_for(BODY)
    assert namespace["verify"](SECRET, headers, BODY)
    assert not namespace["verify"]("whsec_someone-elses-secret", headers, BODY)
    assert not namespace["verify"](SECRET, headers, BODY[:-1])
