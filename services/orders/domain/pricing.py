"""Prices of orders: the ladder tier a group stands at, the quote a buyer gets on joining, the flash-sale
quote, a group's close (who is still in, final tier, outcome, settlement of each order) and its public
progress.  Money is integer fen throughout; no floats anywhere.  Pure rules, no I/O.

The terms arrive from the catalog as JSON; ``LadderPricing`` and ``FlashPricing`` read the part of them
that pricing needs (other fields are ignored) and check the ladder's shape again, because every
invariant below depends on it.

Decisions where the design leaves room:

- **Best single price.**  A buyer pays the lowest of the prices open to them — the tier price (or the
  flash price, or the list price), the early-bird price when it applies, their level's member price for
  the SKU — never a combination.  On a tie the rule that uses up nothing wins, in ``PriceRule`` order:
  tier, flash, list, member, early bird (so an early-bird slot is not spent on a price the buyer had
  anyway).  A member price is read for the buyer's own level only; a level missing from the SKU's
  ``member_prices`` has no member price.
- **Early bird.**  ``paid_before``: open to an order quoted strictly before that instant, and the quote
  then holds only if the order is paid before it too (``Quote.pay_by``; the caller caps the payment
  deadline there).  ``first_n``: the first N *buyers* of the activity (across all its groups).  A buyer
  takes a slot with their first order quoted at the early-bird price; the slot is held while that buyer
  has a pending or paid early-bird order and comes back when none is left (cancelled, expired, refunded
  in full).  A buyer who holds a slot keeps the early-bird price for later orders in the activity; anyone
  else gets it while fewer than N slots are held.  The caller counts the held slots under the same lock
  that places the order.
- **Quote count.**  ``tier(count including this order)``: for ``participants`` the distinct buyers with a
  paid order in the group, plus one unless this buyer already has one; for ``portions`` the paid
  quantity plus this order's quantity.  Only paid orders count.
- **Final price: the buyers still in at the close.**  The final tier is read at the count of the
  orders *still in* when the group closes, in the ladder's basis (``count_in``).  An order is still in
  when it was paid and every refund decided on it before the close was for a reason beyond the buyer's
  control (``BEYOND_BUYER_CONTROL``: a shortage, a supplier's short delivery) — refunded in full for
  such a reason, it still counts.  Cancelled before payment, or refunded for any other reason (the buyer
  asked, ``requested``; or ops did, ``ops``) — in full or in part — it is out: a partial refund is a
  way out too, or a buyer could keep one fen in and take the rest back.  A buyer who pays, pushes the
  tier up and leaves before the close therefore moves nobody's final price.  ``final_unit_price`` reads
  that count.
- **Settlement at close: the best single price open to the buyer at close.**  Each paid order is
  settled at ``min(quoted unit price, final tier price)``: the final tier price, except where the quote
  was already lower — a member or early-bird price below the final tier, or a tier quoted for a count
  that buyers who left before the close undid.  Hence nobody pays more than their quote, an
  order quoted at a tier price settles at the final tier price or lower, and every order quoted by a
  tier and paid at once settles exactly at the final tier price.  The difference is refunded; refunds
  made before close (after-sales) are kept, so paid − refunded = settled always.
- **Outcome.**  ``min_success`` is measured in the ladder's basis (the number its tiers read), on the
  same count of the orders still in at the close: a group whose buyers left does not ship.  A failed
  group refunds every order in full.
- **Progress.**  Before the close a group shows the count of its orders still in now and the tier of
  that count; it falls when a buyer leaves (the price shown is what the group would settle at if it
  closed now — never above anyone's quote, which stays their ceiling).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

Fen = Annotated[int, Field(strict=True, ge=1)]
Basis = Literal["participants", "portions"]


class PriceRule(StrEnum):
    """Which single rule gave a price.  The order here breaks ties: the first one listed wins."""

    tier = "tier"
    flash = "flash"
    list = "list"
    member = "member"
    early_bird = "early_bird"


_PREFERENCE = {rule: rank for rank, rule in enumerate(PriceRule)}


class GroupOutcome(StrEnum):
    succeeded = "succeeded"
    failed = "failed"


# --- terms, as the catalog sends them -----------------------------------------------------------


class _Terms(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Tier(_Terms):
    threshold: int = Field(strict=True, ge=1)
    unit_price_fen: Fen


class EarlyBird(_Terms):
    """门槛: a lower price for orders paid before a time, or for the first N buyers (exactly one of the two)."""

    unit_price_fen: Fen
    paid_before: AwareDatetime | None = None
    first_n: int | None = Field(default=None, strict=True, ge=1)

    @model_validator(mode="after")
    def _one_rule(self) -> Self:
        if (self.paid_before is None) == (self.first_n is None):
            raise ValueError("early_bird needs exactly one of paid_before or first_n")
        return self


def check_ladder(tiers: Sequence[Tier]) -> None:
    """Thresholds strictly increasing from 1, prices strictly decreasing; ``ValueError`` otherwise."""
    if not tiers:
        raise ValueError("tiers: a ladder has at least one tier")
    if tiers[0].threshold != 1:
        raise ValueError("tiers: the first threshold must be 1")
    for before, after in itertools.pairwise(tiers):
        if after.threshold <= before.threshold:
            raise ValueError("tiers: thresholds must strictly increase")
        if after.unit_price_fen >= before.unit_price_fen:
            raise ValueError("tiers: prices must strictly decrease as thresholds rise")


class LadderPricing(_Terms):
    """What pricing reads from a ladder activity's terms."""

    tiers: tuple[Tier, ...] = Field(min_length=1)
    basis: Basis = "participants"
    min_success: int = Field(default=1, strict=True, ge=1)
    close_on_top_tier: bool = True
    early_bird: EarlyBird | None = None

    @model_validator(mode="after")
    def _ladder(self) -> Self:
        check_ladder(self.tiers)
        return self


class FlashPricing(_Terms):
    """What pricing reads from a flash sale's terms."""

    price_fen: Fen
    early_bird: EarlyBird | None = None


# --- the ladder ---------------------------------------------------------------------------------


def _tier_at(tiers: Sequence[Tier], count: int) -> Tier:
    if count < 1:
        raise ValueError(f"a tier is read at a count of at least 1, not {count}")
    index = bisect.bisect_right([tier.threshold for tier in tiers], count) - 1
    return tiers[index]


def tier_price(tiers: Sequence[Tier], count: int) -> int:
    """The unit price at ``count`` (≥ 1): the highest tier whose threshold is at most ``count``."""
    return _tier_at(tiers, count).unit_price_fen


def count_for(basis: Basis, participants: int, portions: int) -> int:
    """The number the tiers read: distinct paying buyers, or the total paid quantity."""
    return participants if basis == "participants" else portions


def quote_count(basis: Basis, *, participants: int, portions: int, quantity: int, buyer_has_paid_order: bool) -> int:
    """The count a joining order is quoted at: the group's paid count with this order in it."""
    if quantity < 1:
        raise ValueError("an order has a quantity of at least 1")
    if participants < 0 or portions < 0:
        raise ValueError("counts are never negative")
    if buyer_has_paid_order and participants < 1:
        raise ValueError("a buyer with a paid order in the group is one of its participants")
    if basis == "participants":
        return participants + (0 if buyer_has_paid_order else 1)
    return portions + quantity


def top_tier_reached(tiers: Sequence[Tier], count: int) -> bool:
    """Whether ``count`` reaches the last tier (a group with ``close_on_top_tier`` closes at once)."""
    return count >= tiers[-1].threshold


# --- the best single price ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Quote:
    """The unit price an order is placed at and the one rule that gave it.

    ``pay_by``: set when the price is an early bird by time; the quote holds only if paid before it."""

    unit_price_fen: int
    rule: PriceRule
    quantity: int
    pay_by: datetime | None = None

    @property
    def amount_fen(self) -> int:
        return self.unit_price_fen * self.quantity


def best_single_price(offers: Mapping[PriceRule, int | None]) -> tuple[int, PriceRule]:
    """The lowest of the prices open (``None``: not open), and its rule; ties go to ``PriceRule`` order."""
    open_offers = [(price, _PREFERENCE[rule], rule) for rule, price in offers.items() if price is not None]
    if not open_offers:
        raise ValueError("no price is open to this buyer")
    price, _, rule = min(open_offers)
    return price, rule


def member_price(member_prices: Mapping[str, int] | None, level: str | None) -> int | None:
    """The SKU's price for the buyer's own level, if it has one."""
    if not member_prices or level is None:
        return None
    return member_prices.get(level)


def early_bird_open(early_bird: EarlyBird | None, *, at: datetime, slots_held: int = 0,
                    holds_slot: bool = False) -> bool:
    """Whether the early-bird price is open to an order quoted at ``at``.

    ``slots_held``: how many buyers of the activity hold a first-N slot (this buyer included if
    ``holds_slot``)."""
    if early_bird is None:
        return False
    if early_bird.paid_before is not None:
        _require_aware("at", at)
        return at < early_bird.paid_before
    assert early_bird.first_n is not None
    return holds_slot or slots_held < early_bird.first_n


def _best_quote(base: tuple[PriceRule, int], *, quantity: int, early_bird: EarlyBird | None, at: datetime,
                member_prices: Mapping[str, int] | None, level: str | None, early_bird_slots_held: int,
                holds_early_bird_slot: bool) -> Quote:
    if quantity < 1:
        raise ValueError("an order has a quantity of at least 1")
    offers: dict[PriceRule, int | None] = {base[0]: base[1], PriceRule.member: member_price(member_prices, level)}
    if early_bird is not None and early_bird_open(early_bird, at=at, slots_held=early_bird_slots_held,
                                                  holds_slot=holds_early_bird_slot):
        offers[PriceRule.early_bird] = early_bird.unit_price_fen
    price, rule = best_single_price(offers)
    pay_by = early_bird.paid_before if rule == PriceRule.early_bird and early_bird is not None else None
    return Quote(unit_price_fen=price, rule=rule, quantity=quantity, pay_by=pay_by)


def quote(terms: LadderPricing, *, participants: int, portions: int, quantity: int, buyer_has_paid_order: bool,
          at: datetime, member_prices: Mapping[str, int] | None = None, level: str | None = None,
          early_bird_slots_held: int = 0, holds_early_bird_slot: bool = False) -> Quote:
    """The unit price quoted to a buyer joining a ladder group whose paid orders number ``participants``
    distinct buyers and ``portions`` units: the best single price of the tier at the count including this
    order, the early bird, and the buyer's member price."""
    count = quote_count(terms.basis, participants=participants, portions=portions, quantity=quantity,
                        buyer_has_paid_order=buyer_has_paid_order)
    return _best_quote((PriceRule.tier, tier_price(terms.tiers, count)), quantity=quantity,
                       early_bird=terms.early_bird, at=at, member_prices=member_prices, level=level,
                       early_bird_slots_held=early_bird_slots_held, holds_early_bird_slot=holds_early_bird_slot)


def flash_quote(terms: FlashPricing, *, quantity: int, at: datetime, member_prices: Mapping[str, int] | None = None,
                level: str | None = None, early_bird_slots_held: int = 0,
                holds_early_bird_slot: bool = False) -> Quote:
    """The unit price quoted in a flash sale: the best single price of the flash price, the early bird and
    the buyer's member price."""
    return _best_quote((PriceRule.flash, terms.price_fen), quantity=quantity, early_bird=terms.early_bird, at=at,
                       member_prices=member_prices, level=level, early_bird_slots_held=early_bird_slots_held,
                       holds_early_bird_slot=holds_early_bird_slot)


def list_quote(list_price_fen: int, *, quantity: int, member_prices: Mapping[str, int] | None = None,
               level: str | None = None) -> Quote:
    """An order outside any activity: the list price or the buyer's member price, whichever is lower."""
    if quantity < 1:
        raise ValueError("an order has a quantity of at least 1")
    price, rule = best_single_price({PriceRule.list: list_price_fen,
                                     PriceRule.member: member_price(member_prices, level)})
    return Quote(unit_price_fen=price, rule=rule, quantity=quantity)


# --- closing a group ----------------------------------------------------------------------------


# A refund for one of these reasons was not the buyer's choice: their order still counts in its group.
BEYOND_BUYER_CONTROL = frozenset({"shortage", "supplier_short"})


@dataclass(frozen=True, slots=True)
class GroupOrder:
    """One order of a group as its count reads it: ``paid`` once its payment landed (cancelled before
    payment: not), ``refund_reasons`` the reason of every refund decided on it so far."""

    buyer: int
    quantity: int
    paid: bool
    refund_reasons: tuple[str, ...] = ()


def still_in(order: GroupOrder) -> bool:
    """Paid, and never refunded for a reason of the buyer's own (``BEYOND_BUYER_CONTROL`` keeps it in)."""
    return order.paid and all(reason in BEYOND_BUYER_CONTROL for reason in order.refund_reasons)


def count_in(basis: Basis, orders: Sequence[GroupOrder]) -> int:
    """The number the tiers read at the close: distinct buyers with an order still in, or its units."""
    staying = [order for order in orders if still_in(order)]
    return count_for(basis, len({order.buyer for order in staying}), sum(order.quantity for order in staying))


def final_threshold(final_count: int, tiers: Sequence[Tier]) -> int:
    """The threshold of the final tier: the tier at the count of the orders still in at the close."""
    return _tier_at(tiers, final_count).threshold


def final_unit_price(final_count: int, tiers: Sequence[Tier]) -> int:
    """The final tier's unit price: the price at the count of the orders still in at the close."""
    return _tier_at(tiers, final_count).unit_price_fen


def group_outcome(paid_count: int, min_success: int) -> GroupOutcome:
    """At close: succeeded when the count still in (in the ladder's basis) reaches ``min_success``."""
    return GroupOutcome.succeeded if paid_count >= min_success else GroupOutcome.failed


@dataclass(frozen=True, slots=True)
class Settlement:
    """One paid order at its group's close.  ``refund_fen`` is refunded now; ``refunded_fen`` counts every
    refund of the order, earlier ones included, so ``paid_fen - refunded_fen == settled_fen``."""

    paid_fen: int
    settled_unit_price_fen: int | None
    settled_fen: int
    refund_fen: int
    refunded_fen: int


def settlement(paid_unit_price: int, quantity: int, final_unit_price: int, *, refunded_fen: int = 0) -> Settlement:
    """Settle a paid order of a succeeded group at ``min(quote, final tier price)`` and refund the difference.

    ``refunded_fen``: what was already refunded to the order before close (after-sales); it stays refunded,
    and the refund now never takes the total past what was paid."""
    if quantity < 1 or paid_unit_price < 1 or final_unit_price < 1:
        raise ValueError("a settlement needs a positive quantity and prices")
    paid = paid_unit_price * quantity
    if not 0 <= refunded_fen <= paid:
        raise ValueError("refunds lie between nothing and what was paid")
    unit = min(paid_unit_price, final_unit_price)
    refund = min((paid_unit_price - unit) * quantity, paid - refunded_fen)
    total_refunded = refunded_fen + refund
    return Settlement(paid_fen=paid, settled_unit_price_fen=unit, settled_fen=paid - total_refunded,
                      refund_fen=refund, refunded_fen=total_refunded)


def refund_in_full(paid_fen: int, *, refunded_fen: int = 0) -> Settlement:
    """A paid order of a failed group: whatever is left of the payment goes back."""
    if not 0 <= refunded_fen <= paid_fen:
        raise ValueError("refunds lie between nothing and what was paid")
    return Settlement(paid_fen=paid_fen, settled_unit_price_fen=None, settled_fen=0,
                      refund_fen=paid_fen - refunded_fen, refunded_fen=paid_fen)


# --- progress -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NextTier:
    """"1 more neighbour → ¥85": ``needed`` more (buyers or portions) reach ``threshold`` at ``unit_price_fen``."""

    threshold: int
    unit_price_fen: int
    needed: int


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a group stands: the count of its orders still in, the tier of that count, and the next one.

    ``unit_price_fen`` is None while nobody is in; ``next_tier`` is None at the top tier."""

    count: int
    unit_price_fen: int | None
    next_tier: NextTier | None


def progress(tiers: Sequence[Tier], count: int) -> Progress:
    """The group's current price (the tier at the count still in now: what it would settle at if it
    closed now), the next threshold above it, its price, and how many more it needs."""
    if count < 0:
        raise ValueError("counts are never negative")
    current = tier_price(tiers, count) if count >= 1 else None
    following = next((tier for tier in tiers if tier.threshold > count), None)
    next_tier = None if following is None else NextTier(
        threshold=following.threshold, unit_price_fen=following.unit_price_fen, needed=following.threshold - count)
    return Progress(count=count, unit_price_fen=current, next_tier=next_tier)


# --- splitting money ----------------------------------------------------------------------------


def prorate(total: int, parts: Sequence[int]) -> list[int]:
    """Split ``total`` fen in proportion to ``parts`` exactly (largest remainder; ties to the earlier part).

    Each share is the floor or the ceiling of its exact proportion, and the shares sum to ``total``."""
    if total < 0 or any(part < 0 for part in parts):
        raise ValueError("prorate splits a non-negative total by non-negative parts")
    weight = sum(parts)
    if weight == 0:
        if total == 0:
            return [0] * len(parts)
        raise ValueError("cannot split a total over parts that weigh nothing")
    shares = [total * part // weight for part in parts]
    left = total - sum(shares)
    by_remainder = sorted(range(len(parts)), key=lambda i: (-(total * parts[i] % weight), i))
    for i in by_remainder[:left]:
        shares[i] += 1
    return shares


def _require_aware(name: str, moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must carry a timezone")
