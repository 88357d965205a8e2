"""Order prices: the ladder, quotes with the best single price, a group's close, progress, and exact splits —
examples from the field and properties over any ladder and any history of joins, payments, cancellations
and refunds before the close."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from services.orders.domain.pricing import (
    EarlyBird,
    FlashPricing,
    GroupOrder,
    GroupOutcome,
    LadderPricing,
    NextTier,
    PriceRule,
    Quote,
    Tier,
    best_single_price,
    check_ladder,
    count_for,
    count_in,
    early_bird_open,
    final_threshold,
    final_unit_price,
    flash_quote,
    group_outcome,
    list_quote,
    member_price,
    progress,
    prorate,
    quote,
    quote_count,
    refund_in_full,
    settlement,
    still_in,
    tier_price,
    top_tier_reached,
)

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

# The field's example: 1 → ¥100, 2 → ¥90, 3 → ¥85, 5 → ¥75.
FIELD = (Tier(threshold=1, unit_price_fen=10_000), Tier(threshold=2, unit_price_fen=9_000),
         Tier(threshold=3, unit_price_fen=8_500), Tier(threshold=5, unit_price_fen=7_500))


def ladder(basis: str = "participants", **extra: object) -> LadderPricing:
    return LadderPricing(tiers=FIELD, basis=basis, **extra)


# --- strategies ---------------------------------------------------------------------------------


@st.composite
def ladders(draw: st.DrawFn) -> tuple[Tier, ...]:
    """Any valid ladder: thresholds strictly increasing from 1, prices strictly decreasing, all positive."""
    steps = draw(st.lists(st.tuples(st.integers(1, 6), st.integers(1, 3_000)), max_size=7))
    price = draw(st.integers(1, 2_000)) + sum(cut for _, cut in steps)
    threshold = 1
    tiers = [Tier(threshold=threshold, unit_price_fen=price)]
    for gap, cut in steps:
        threshold, price = threshold + gap, price - cut
        tiers.append(Tier(threshold=threshold, unit_price_fen=price))
    return tuple(tiers)


prices = st.integers(1, 50_000)
optional_prices = st.none() | prices


def brute_tier_price(tiers: tuple[Tier, ...], count: int) -> int:
    return [tier.unit_price_fen for tier in tiers if tier.threshold <= count][-1]


# --- the ladder ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("count", "price"), [(1, 10_000), (2, 9_000), (3, 8_500), (4, 8_500), (5, 7_500),
                                              (6, 7_500), (500, 7_500)])
def test_tier_price_from_the_field(count: int, price: int) -> None:
    assert tier_price(FIELD, count) == price


def test_tier_price_needs_a_count_of_one_at_least() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        tier_price(FIELD, 0)


@given(ladders(), st.integers(1, 60))
def test_tier_price_is_the_highest_tier_at_or_below_and_never_rises_with_the_count(
        tiers: tuple[Tier, ...], count: int) -> None:
    assert tier_price(tiers, count) == brute_tier_price(tiers, count)
    assert tier_price(tiers, count + 1) <= tier_price(tiers, count)
    assert tier_price(tiers, count) >= tiers[-1].unit_price_fen


@given(ladders())
def test_generated_ladders_are_valid(tiers: tuple[Tier, ...]) -> None:
    check_ladder(tiers)
    assert LadderPricing(tiers=tiers).tiers == tiers


@pytest.mark.parametrize("tiers", [
    (),
    (Tier(threshold=2, unit_price_fen=100),),
    (Tier(threshold=1, unit_price_fen=100), Tier(threshold=1, unit_price_fen=90)),
    (Tier(threshold=1, unit_price_fen=100), Tier(threshold=3, unit_price_fen=100)),
    (Tier(threshold=1, unit_price_fen=100), Tier(threshold=3, unit_price_fen=120)),
])
def test_bad_ladders_are_refused(tiers: tuple[Tier, ...]) -> None:
    with pytest.raises((ValueError, ValidationError)):
        LadderPricing(tiers=tiers)


def test_terms_are_read_from_the_catalog_json_ignoring_what_pricing_does_not_need() -> None:
    terms = LadderPricing.model_validate({
        "kind": "ladder_group", "tiers": [{"threshold": 1, "unit_price_fen": 10_000},
                                          {"threshold": 3, "unit_price_fen": 8_500}],
        "basis": "portions", "address_scope": "building", "group_window_s": 3600, "min_success": 2,
        "close_on_top_tier": False, "stock_limit": None, "per_user_limit": 5,
        "early_bird": {"unit_price_fen": 8_000, "paid_before": "2026-11-20T20:00:00+08:00", "first_n": None},
    })
    assert terms.basis == "portions" and terms.min_success == 2 and not terms.close_on_top_tier
    assert terms.early_bird is not None and terms.early_bird.paid_before == datetime(2026, 11, 20, 12, tzinfo=UTC)
    flash = FlashPricing.model_validate({"kind": "flash_sale", "price_fen": 990, "stock": 100, "per_user_limit": 1,
                                         "unpaid_timeout_s": 300, "early_bird": {"unit_price_fen": 900,
                                                                                 "first_n": 10}})
    assert flash.price_fen == 990 and flash.early_bird is not None and flash.early_bird.first_n == 10


@pytest.mark.parametrize("raw", [
    {"unit_price_fen": 100},
    {"unit_price_fen": 100, "first_n": 3, "paid_before": "2026-11-20T20:00:00+08:00"},
    {"unit_price_fen": 100, "paid_before": "2026-11-20T20:00:00"},
    {"unit_price_fen": 99.5, "first_n": 3},
])
def test_bad_early_birds_are_refused(raw: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        EarlyBird.model_validate(raw)


def test_money_is_never_a_float() -> None:
    with pytest.raises(ValidationError):
        Tier.model_validate({"threshold": 1, "unit_price_fen": 99.0})
    with pytest.raises(ValidationError):
        FlashPricing.model_validate({"price_fen": "990"})


def test_count_for_reads_the_basis() -> None:
    assert count_for("participants", participants=3, portions=7) == 3
    assert count_for("portions", participants=3, portions=7) == 7


def test_top_tier_reached() -> None:
    assert not top_tier_reached(FIELD, 4)
    assert top_tier_reached(FIELD, 5) and top_tier_reached(FIELD, 6)


# --- quotes -------------------------------------------------------------------------------------


def test_a_joining_neighbour_is_quoted_the_tier_of_the_count_with_them_in_it() -> None:
    got = quote(ladder(), participants=2, portions=4, quantity=1, buyer_has_paid_order=False, at=T0)
    assert got == Quote(unit_price_fen=8_500, rule=PriceRule.tier, quantity=1)


def test_a_buyer_who_already_paid_in_the_group_does_not_raise_the_participant_count() -> None:
    got = quote(ladder(), participants=2, portions=4, quantity=3, buyer_has_paid_order=True, at=T0)
    assert got.unit_price_fen == 9_000 and got.amount_fen == 27_000


def test_portions_count_this_orders_quantity() -> None:
    got = quote(ladder("portions"), participants=1, portions=2, quantity=3, buyer_has_paid_order=True, at=T0)
    assert got.unit_price_fen == 7_500


@given(st.integers(0, 50), st.integers(0, 50), st.integers(1, 20), st.booleans())
def test_quote_count_includes_this_order(participants: int, portions: int, quantity: int, paid_before: bool) -> None:
    assume(participants >= 1 or not paid_before)
    by_people = quote_count("participants", participants=participants, portions=portions, quantity=quantity,
                            buyer_has_paid_order=paid_before)
    assert by_people == participants + (0 if paid_before else 1)
    assert quote_count("portions", participants=participants, portions=portions, quantity=quantity,
                       buyer_has_paid_order=paid_before) == portions + quantity


def test_a_buyer_who_paid_is_a_participant() -> None:
    with pytest.raises(ValueError, match="one of its participants"):
        quote_count("participants", participants=0, portions=0, quantity=1, buyer_has_paid_order=True)


def test_a_member_price_below_the_tier_wins_but_never_stacks() -> None:
    got = quote(ladder(), participants=0, portions=0, quantity=1, buyer_has_paid_order=False, at=T0,
                member_prices={"member": 9_500, "partner": 9_200}, level="partner")
    assert (got.unit_price_fen, got.rule) == (9_200, PriceRule.member)
    lower_tier = quote(ladder(), participants=4, portions=4, quantity=1, buyer_has_paid_order=False, at=T0,
                       member_prices={"partner": 9_200}, level="partner")
    assert (lower_tier.unit_price_fen, lower_tier.rule) == (7_500, PriceRule.tier)


def test_member_price_is_for_the_buyers_own_level_only() -> None:
    assert member_price({"member": 9_500}, "partner") is None
    assert member_price(None, "member") is None
    assert member_price({"member": 9_500}, None) is None
    assert member_price({"member": 9_500}, "member") == 9_500


def test_early_bird_by_time_holds_strictly_before_the_deadline_and_bounds_the_payment() -> None:
    deadline = T0 + timedelta(hours=1)
    terms = ladder(early_bird=EarlyBird(unit_price_fen=8_000, paid_before=deadline))
    early = quote(terms, participants=0, portions=0, quantity=2, buyer_has_paid_order=False, at=deadline
                  - timedelta(seconds=1))
    assert (early.unit_price_fen, early.rule, early.pay_by) == (8_000, PriceRule.early_bird, deadline)
    late = quote(terms, participants=0, portions=0, quantity=2, buyer_has_paid_order=False, at=deadline)
    assert (late.unit_price_fen, late.rule, late.pay_by) == (10_000, PriceRule.tier, None)


def test_early_bird_by_time_is_not_chosen_where_the_tier_is_lower() -> None:
    terms = ladder(early_bird=EarlyBird(unit_price_fen=8_000, paid_before=T0 + timedelta(hours=1)))
    got = quote(terms, participants=4, portions=4, quantity=1, buyer_has_paid_order=False, at=T0)
    assert (got.unit_price_fen, got.rule, got.pay_by) == (7_500, PriceRule.tier, None)


def test_early_bird_first_n_counts_slots_held_and_a_holder_keeps_theirs() -> None:
    bird = EarlyBird(unit_price_fen=8_000, first_n=2)
    assert early_bird_open(bird, at=T0, slots_held=1)
    assert not early_bird_open(bird, at=T0, slots_held=2)
    assert early_bird_open(bird, at=T0, slots_held=2, holds_slot=True)
    assert not early_bird_open(None, at=T0)
    terms = ladder(early_bird=bird)
    got = quote(terms, participants=0, portions=0, quantity=1, buyer_has_paid_order=False, at=T0,
                early_bird_slots_held=1)
    assert (got.unit_price_fen, got.rule, got.pay_by) == (8_000, PriceRule.early_bird, None)
    full = quote(terms, participants=0, portions=0, quantity=1, buyer_has_paid_order=False, at=T0,
                 early_bird_slots_held=2)
    assert full.rule == PriceRule.tier


def test_early_bird_by_time_needs_an_aware_moment() -> None:
    bird = EarlyBird(unit_price_fen=8_000, paid_before=T0)
    with pytest.raises(ValueError, match="timezone"):
        early_bird_open(bird, at=datetime(2026, 11, 20, 11))  # noqa: DTZ001 - the naive moment under test


def test_flash_quote_is_the_best_of_flash_early_bird_and_member() -> None:
    terms = FlashPricing(price_fen=990, early_bird=EarlyBird(unit_price_fen=900, first_n=1))
    assert flash_quote(terms, quantity=1, at=T0) == Quote(unit_price_fen=900, rule=PriceRule.early_bird, quantity=1)
    taken = flash_quote(terms, quantity=1, at=T0, early_bird_slots_held=1)
    assert (taken.unit_price_fen, taken.rule) == (990, PriceRule.flash)
    member = flash_quote(terms, quantity=1, at=T0, early_bird_slots_held=1, member_prices={"member": 950},
                         level="member")
    assert (member.unit_price_fen, member.rule) == (950, PriceRule.member)
    cheaper_member = flash_quote(terms, quantity=1, at=T0, member_prices={"member": 850}, level="member")
    assert (cheaper_member.unit_price_fen, cheaper_member.rule) == (850, PriceRule.member)


def test_list_quote() -> None:
    assert list_quote(1_000, quantity=2) == Quote(unit_price_fen=1_000, rule=PriceRule.list, quantity=2)
    got = list_quote(1_000, quantity=2, member_prices={"member": 900}, level="member")
    assert (got.unit_price_fen, got.rule, got.amount_fen) == (900, PriceRule.member, 1_800)


def test_quotes_need_a_quantity() -> None:
    with pytest.raises(ValueError, match="quantity"):
        quote(ladder(), participants=0, portions=0, quantity=0, buyer_has_paid_order=False, at=T0)
    with pytest.raises(ValueError, match="quantity"):
        flash_quote(FlashPricing(price_fen=990), quantity=0, at=T0)


def test_ties_go_to_the_rule_that_uses_up_nothing() -> None:
    assert best_single_price({PriceRule.early_bird: 90, PriceRule.member: 90, PriceRule.tier: 90}) == (
        90, PriceRule.tier)
    assert best_single_price({PriceRule.early_bird: 90, PriceRule.member: 90}) == (90, PriceRule.member)
    with pytest.raises(ValueError, match="no price"):
        best_single_price({PriceRule.member: None})


@given(st.dictionaries(st.sampled_from(PriceRule), optional_prices, min_size=1).filter(
    lambda offers: any(price is not None for price in offers.values())))
def test_best_single_price_is_the_minimum_of_the_open_prices_never_a_combination(
        offers: dict[PriceRule, int | None]) -> None:
    price, rule = best_single_price(offers)
    open_prices = {r: p for r, p in offers.items() if p is not None}
    assert price == min(open_prices.values())
    assert open_prices[rule] == price  # one rule's own price, not built from several


@given(ladders(), st.integers(0, 30), st.integers(0, 60), st.integers(1, 5), st.booleans(), optional_prices,
       st.none() | st.tuples(prices, st.booleans()))
def test_a_ladder_quote_is_the_best_single_open_price(
        tiers: tuple[Tier, ...], participants: int, portions: int, quantity: int, already_paid: bool,
        member: int | None, bird: tuple[int, bool] | None) -> None:
    assume(participants >= 1 or not already_paid)
    early = None if bird is None else EarlyBird(unit_price_fen=bird[0], first_n=5)
    terms = LadderPricing(tiers=tiers, early_bird=early)
    got = quote(terms, participants=participants, portions=portions, quantity=quantity,
                buyer_has_paid_order=already_paid, at=T0, member_prices=None if member is None else {"m": member},
                level="m", early_bird_slots_held=0 if bird is None or bird[1] else 5)
    tier = tier_price(tiers, participants + (0 if already_paid else 1))
    offers = {PriceRule.tier: tier, PriceRule.member: member,
              PriceRule.early_bird: bird[0] if bird is not None and bird[1] else None}
    open_prices = {rule: price for rule, price in offers.items() if price is not None}
    assert got.unit_price_fen == min(open_prices.values()) == open_prices[got.rule]
    assert got.unit_price_fen <= tier
    assert got.amount_fen == got.unit_price_fen * quantity


# --- closing a group ----------------------------------------------------------------------------


def test_final_tier_from_the_count_still_in() -> None:
    assert final_threshold(4, FIELD) == 3 and final_unit_price(4, FIELD) == 8_500
    assert final_threshold(3, FIELD) == 3
    assert final_unit_price(9, FIELD) == 7_500


def test_group_outcome() -> None:
    assert group_outcome(3, 3) == GroupOutcome.succeeded
    assert group_outcome(2, 3) == GroupOutcome.failed
    assert group_outcome(0, 1) == GroupOutcome.failed


def test_settlement_refunds_the_difference() -> None:
    got = settlement(10_000, 2, 8_500)
    assert (got.paid_fen, got.settled_unit_price_fen, got.settled_fen, got.refund_fen, got.refunded_fen) == (
        20_000, 8_500, 17_000, 3_000, 3_000)


def test_a_quote_below_the_final_tier_is_kept() -> None:
    got = settlement(8_000, 1, 8_500)
    assert (got.settled_unit_price_fen, got.settled_fen, got.refund_fen) == (8_000, 8_000, 0)


def test_refunds_before_close_are_kept_and_never_exceed_the_payment() -> None:
    got = settlement(10_000, 2, 8_500, refunded_fen=1_000)
    assert (got.refund_fen, got.refunded_fen, got.settled_fen) == (3_000, 4_000, 16_000)
    nearly_all = settlement(10_000, 2, 8_500, refunded_fen=19_000)
    assert (nearly_all.refund_fen, nearly_all.settled_fen) == (1_000, 0)
    with pytest.raises(ValueError, match="refunds"):
        settlement(10_000, 2, 8_500, refunded_fen=20_001)


def test_a_failed_group_refunds_what_is_left_in_full() -> None:
    got = refund_in_full(20_000, refunded_fen=500)
    assert (got.refund_fen, got.refunded_fen, got.settled_fen, got.settled_unit_price_fen) == (19_500, 20_000, 0, None)


@given(prices, st.integers(1, 99), prices, st.integers(0, 100))
def test_settlement_never_charges_above_the_quote_and_balances(quoted: int, quantity: int, final: int,
                                                               earlier_percent: int) -> None:
    earlier = quoted * quantity * earlier_percent // 100
    got = settlement(quoted, quantity, final, refunded_fen=earlier)
    assert got.settled_unit_price_fen == min(quoted, final)
    assert got.paid_fen - got.refunded_fen == got.settled_fen
    assert 0 <= got.settled_fen <= got.settled_unit_price_fen * quantity <= quoted * quantity
    assert got.refund_fen >= 0 and got.refunded_fen == earlier + got.refund_fen <= got.paid_fen


# --- any history of a group ---------------------------------------------------------------------


@dataclass
class Order:
    buyer: int
    quantity: int
    quote: Quote
    paid: bool = False
    cancelled: bool = False
    refunds: list[tuple[str, int]] = field(default_factory=list)  # (reason, fen) decided before the close
    joiner: bool = False  # the buyer who joins and leaves, in the properties about them

    def as_counted(self) -> GroupOrder:
        return GroupOrder(buyer=self.buyer, quantity=self.quantity, paid=self.paid,
                          refund_reasons=tuple(reason for reason, _ in self.refunds))

    @property
    def refunded_fen(self) -> int:
        return sum(fen for _, fen in self.refunds)


@dataclass
class Group:
    """A model of one group: orders are quoted, paid, cancelled before payment, or refunded (in full or
    in part, for the buyer's own reason or for a shortage) before the close, in any order."""

    terms: LadderPricing
    orders: list[Order] = field(default_factory=list)

    def count(self) -> int:
        return count_in(self.terms.basis, [order.as_counted() for order in self.orders])

    def join(self, buyer: int, quantity: int, member: int | None, *, joiner: bool = False) -> Order:
        staying = [order for order in self.orders if still_in(order.as_counted())]
        order = Order(buyer, quantity, quote(
            self.terms, participants=len({o.buyer for o in staying}), portions=sum(o.quantity for o in staying),
            quantity=quantity, buyer_has_paid_order=any(o.buyer == buyer for o in staying), at=T0,
            member_prices=None if member is None else {"member": member}, level="member"), joiner=joiner)
        self.orders.append(order)
        return order

    def _others(self) -> list[Order]:
        return [order for order in self.orders if not order.joiner]

    def pay(self, pick: int) -> None:
        pending = [order for order in self._others() if not order.paid and not order.cancelled]
        if pending:
            pending[pick % len(pending)].paid = True

    def cancel(self, pick: int) -> None:
        pending = [order for order in self._others() if not order.paid and not order.cancelled]
        if pending:
            pending[pick % len(pending)].cancelled = True

    def refund(self, pick: int, reason: str, percent: int) -> None:
        paid = [order for order in self._others() if order.paid and order.refunded_fen < order.quote.amount_fen]
        if paid:
            refund(paid[pick % len(paid)], reason, percent)

    def settled(self) -> dict[int, int | None]:
        """The close: each order left with money in it (by its place in the history) and its settled unit
        price (None: the group failed and it was refunded in full)."""
        count = self.count()
        succeeded = group_outcome(count, self.terms.min_success) == GroupOutcome.succeeded
        final = final_unit_price(count, self.terms.tiers) if succeeded else None
        got: dict[int, int | None] = {}
        for place, order in enumerate(self.orders):
            paid = order.quote.amount_fen
            if not order.paid or order.refunded_fen == paid:
                continue
            if final is None:
                done = refund_in_full(paid, refunded_fen=order.refunded_fen)
                assert done.settled_fen == 0 and done.refunded_fen == paid
                got[place] = None
                continue
            done = settlement(order.quote.unit_price_fen, order.quantity, final, refunded_fen=order.refunded_fen)
            assert done.paid_fen - done.refunded_fen == done.settled_fen >= 0
            got[place] = done.settled_unit_price_fen
        return got


def refund(order: Order, reason: str, percent: int) -> None:
    left = order.quote.amount_fen - order.refunded_fen
    order.refunds.append((reason, max(1, left * percent // 100)))


steps = st.lists(st.one_of(
    st.tuples(st.just("join"), st.integers(0, 6), st.integers(1, 4), optional_prices),
    st.tuples(st.just("pay"), st.integers(0, 50)),
    st.tuples(st.just("cancel"), st.integers(0, 50)),
    st.tuples(st.just("refund"), st.integers(0, 50), st.sampled_from(["requested", "ops", "shortage",
                                                                       "supplier_short", "after_sales"]),
              st.sampled_from([100, 100, 50, 1])),
), max_size=40)


def replay(group: Group, history: list[tuple]) -> Group:
    for step in history:
        if step[0] == "join":
            group.join(*step[1:])
        elif step[0] == "pay":
            group.pay(step[1])
        elif step[0] == "cancel":
            group.cancel(step[1])
        else:
            group.refund(*step[1:])
    return group


def test_a_quote_for_a_count_that_buyers_who_left_undid_is_still_honoured() -> None:
    group = Group(ladder())
    group.join(buyer=1, quantity=1, member=None)
    group.pay(0)
    second = group.join(buyer=2, quantity=1, member=None)  # quoted at 2 neighbours: ¥90
    group.refund(0, "requested", 100)  # the first neighbour takes their money back before the close
    group.pay(0)
    assert group.count() == 1 and final_unit_price(1, FIELD) == 10_000
    assert second.quote.unit_price_fen == 9_000
    assert group.settled() == {1: 9_000}  # ¥90, not the ¥100 of the count left: never above the quote


def test_the_pump_and_refund_attack_gains_nobody_the_top_tier() -> None:
    group = Group(ladder())
    for buyer in range(1, 5):
        group.join(buyer, 1, None)
        group.pay(0)
    pump = group.join(5, 1, None, joiner=True)
    pump.paid = True
    assert group.count() == 5  # the top tier, ¥75, while the pump is in
    refund(pump, "requested", 100)
    assert group.count() == 4
    assert group.settled() == {0: 8_500, 1: 8_500, 2: 8_500, 3: 8_500}  # the tier of the four still in


def test_a_refund_beyond_the_buyers_control_keeps_them_counted() -> None:
    group = Group(ladder())
    for buyer in range(1, 6):
        group.join(buyer, 1, None)
        group.pay(0)
    group.refund(0, "shortage", 100)
    group.refund(0, "supplier_short", 100)
    assert group.count() == 5
    assert set(group.settled().values()) == {7_500}


def test_a_partial_refund_of_the_buyers_own_takes_the_order_out_too() -> None:
    group = Group(ladder())
    for buyer in range(1, 4):
        group.join(buyer, 1, None)
        group.pay(0)
    group.refund(0, "requested", 99)  # one fen kept in would otherwise keep the tier up
    assert group.count() == 2
    assert still_in(GroupOrder(buyer=1, quantity=1, paid=True, refund_reasons=("shortage",)))
    assert not still_in(GroupOrder(buyer=1, quantity=1, paid=True, refund_reasons=("shortage", "ops")))
    assert not still_in(GroupOrder(buyer=1, quantity=1, paid=False))


def test_count_in_reads_the_basis_over_the_orders_still_in() -> None:
    orders = [GroupOrder(1, 2, True), GroupOrder(1, 1, True), GroupOrder(2, 3, True, ("requested",)),
              GroupOrder(3, 4, False), GroupOrder(4, 5, True, ("shortage",))]
    assert count_in("participants", orders) == 2 and count_in("portions", orders) == 8


@settings(max_examples=300)
@given(ladders(), st.sampled_from(["participants", "portions"]), st.integers(1, 4), steps)
def test_any_history_settles_every_order_at_the_lower_of_its_quote_and_the_final_tier(
        tiers: tuple[Tier, ...], basis: str, min_success: int, history: list[tuple]) -> None:
    group = replay(Group(LadderPricing(tiers=tiers, basis=basis, min_success=min_success)), history)
    count = group.count()
    settled = group.settled()
    if group_outcome(count, min_success) == GroupOutcome.failed:
        assert all(price is None for price in settled.values())
        return
    final = final_unit_price(count, tiers)
    assert final == tier_price(tiers, count) and final_threshold(count, tiers) <= count
    for place, price in settled.items():
        order = group.orders[place]
        assert price == min(order.quote.unit_price_fen, final) <= order.quote.unit_price_fen  # never above
        if order.quote.rule == PriceRule.tier:
            assert price <= final


@settings(max_examples=300)
@given(ladders(), st.sampled_from(["participants", "portions"]), st.integers(1, 4), steps,
       st.integers(0, 40), st.integers(0, 40), st.integers(0, 40), st.integers(1, 4))
def test_a_buyer_who_joins_and_leaves_before_the_close_moves_no_earlier_neighbours_price(
        tiers: tuple[Tier, ...], basis: str, min_success: int, history: list[tuple], join_at: int, pay_after: int,
        leave_after: int, quantity: int) -> None:
    """The same history with and without one buyer who joins, pays, and takes it all back before the
    close: everyone who joined before them settles at the same price either way."""
    terms = LadderPricing(tiers=tiers, basis=basis, min_success=min_success)
    join_at = min(join_at, len(history))
    pay_at = min(join_at + pay_after, len(history))
    leave_at = min(pay_at + leave_after, len(history))
    without = replay(Group(terms), history)
    with_them = Group(terms)
    joiner: Order | None = None
    for at in range(len(history) + 1):
        if at == join_at:
            joiner = with_them.join(99, quantity, None, joiner=True)
        if at == pay_at:
            joiner.paid = True
        if at == leave_at:
            refund(joiner, "requested", 100)
        if at < len(history):
            replay(with_them, [history[at]])
    assert with_them.count() == without.count()
    earlier = sum(1 for step in history[:join_at] if step[0] == "join")
    before = {place: price for place, price in without.settled().items() if place < earlier}
    assert before == {place: price for place, price in with_them.settled().items() if place < earlier}


@settings(max_examples=200)
@given(ladders(), st.sampled_from(["participants", "portions"]),
       st.lists(st.tuples(st.integers(0, 6), st.integers(1, 4)), min_size=1, max_size=25))
def test_tier_quotes_paid_at_once_all_settle_at_the_final_tier_price(
        tiers: tuple[Tier, ...], basis: str, joins: list[tuple[int, int]]) -> None:
    group = Group(LadderPricing(tiers=tiers, basis=basis))
    for buyer, quantity in joins:
        group.join(buyer, quantity, None)
        group.pay(len(group.orders) - 1)
    final = final_unit_price(group.count(), tiers)
    for order in group.orders:
        assert order.quote.unit_price_fen >= final
    assert set(group.settled().values()) == {final}


# --- progress -----------------------------------------------------------------------------------


def test_progress_one_more_neighbour() -> None:
    got = progress(FIELD, 2)
    assert (got.unit_price_fen, got.next_tier) == (9_000, NextTier(threshold=3, unit_price_fen=8_500, needed=1))


def test_progress_falls_back_a_tier_when_someone_leaves() -> None:
    got = progress(FIELD, 2)  # three were in, one took their money back
    assert (got.count, got.unit_price_fen, got.next_tier) == (2, 9_000, NextTier(3, 8_500, 1))


def test_progress_before_anyone_paid_and_at_the_top() -> None:
    empty = progress(FIELD, 0)
    assert (empty.unit_price_fen, empty.next_tier) == (None, NextTier(1, 10_000, 1))
    top = progress(FIELD, 6)
    assert (top.unit_price_fen, top.next_tier) == (7_500, None)


@given(ladders(), st.integers(0, 60))
def test_progress_points_at_the_next_cheaper_tier(tiers: tuple[Tier, ...], count: int) -> None:
    got = progress(tiers, count)
    reached = count
    if got.next_tier is None:
        assert reached >= tiers[-1].threshold
        return
    assert got.next_tier.threshold > reached and got.next_tier.needed == got.next_tier.threshold - count >= 1
    assert tier_price(tiers, got.next_tier.threshold) == got.next_tier.unit_price_fen
    assert got.unit_price_fen is None or got.next_tier.unit_price_fen < got.unit_price_fen
    assert all(not reached < tier.threshold < got.next_tier.threshold for tier in tiers)


# --- exact splits -------------------------------------------------------------------------------


def test_prorate_examples() -> None:
    assert prorate(100, [1, 1, 1]) == [34, 33, 33]
    assert prorate(10, [3, 0, 7]) == [3, 0, 7]
    assert prorate(0, [0, 0]) == [0, 0]
    with pytest.raises(ValueError, match="weigh nothing"):
        prorate(5, [0, 0])
    with pytest.raises(ValueError, match="non-negative"):
        prorate(-1, [1])


@given(st.integers(0, 10**9), st.lists(st.integers(0, 10**6), min_size=1, max_size=30).filter(any))
def test_prorate_sums_exactly_and_each_share_is_within_a_fen_of_its_proportion(total: int, parts: list[int]) -> None:
    shares = prorate(total, parts)
    assert sum(shares) == total and len(shares) == len(parts)
    weight = sum(parts)
    for share, part in zip(shares, parts, strict=True):
        exact = Fraction(total * part, weight)
        assert exact - 1 < share < exact + 1
        if part == 0:
            assert share == 0
