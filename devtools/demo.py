"""Demo data for the embedded default, loaded by ``make run`` through the gateway with the generated
client (the way an ops script would): a product in every role and a gift pack, a live same-address
ladder group and a flash sale, a community with its leader, a referral chain of three users whose
last member has bought something (so the chain shows rebates), and the pickup day: ops ship the
community's paid orders for today in one call, demo-leader confirms that they arrived (``demo_supply.py``,
which also gives the demo products a supplier and closes the sales day once the orders are paid, so the
supplier has a purchase order), the buyer (demo-carol) is shown her pickup code, and the
community's leader (demo-leader) enters it to hand out everything waiting for her.  Last, a basket buyer
(demo-dave, ``demo_buyer.py``) pays a basket of three lines once and files a small after-sales claim that
is approved at once.

Loading again adds only what is missing: products are found by their ids, activities by their title
while they run, users by their openids; the chain's order is placed once, and a code already used today
is left as it is.

Activities are placed on the stack's clock (the gateway's dev clock, which ops may have moved forward),
never on this machine's: an activity "runs" when it ends more than five minutes after the stack's now,
and a new one starts a minute before it, so it is live the moment it is made."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from groupbuy_client import AuthenticatedClient, Client
from groupbuy_client.api.activities import catalog_create_activity, catalog_list_activities
from groupbuy_client.api.auth import auth_dev_login
from groupbuy_client.api.catalog import catalog_create_product, catalog_list_products
from groupbuy_client.api.communities import (
    communities_assign_leader,
    communities_create,
    communities_join,
    communities_list,
)
from groupbuy_client.api.dev import dev_read_clock
from groupbuy_client.api.orders import (
    orders_create,
    orders_list,
    orders_pickup_code,
    orders_redeem_pickup_code,
    orders_ship_batch,
)
from groupbuy_client.api.payments import payments_sandbox_pay
from groupbuy_client.api.referrals import referrals_bind, referrals_me
from groupbuy_client.api.users import users_add_address, users_list_addresses, users_set_level
from groupbuy_client.models import (
    ActivityCreate,
    AddressCreate,
    BindRequest,
    CommunityCreate,
    DevLogin,
    LeaderAssign,
    LevelSet,
    OrderCreate,
    PickupRedeem,
    ProductCreate,
    ShipBatch,
)
from groupbuy_client.types import Response

from devtools import demo_supply

PRODUCTS = [  # external id, name, role, price in fen
    ("demo-eggs", "散养土鸡蛋 30枚", "traffic", 1990),
    ("demo-rice", "东北五常大米 5kg", "regular", 6900),
    ("demo-crab", "阳澄湖大闸蟹礼盒", "profit", 29800),
    ("demo-clean", "家电深度清洗服务", "service", 15900),
    ("demo-berries", "云南高山蓝莓 4盒", "fission", 10000),
]
LADDER_TITLE, FLASH_TITLE = "蓝莓同址阶梯团", "鸡蛋秒杀"
COMMUNITY = {"name": "翠苑一区团购点", "province": "浙江省", "city": "杭州市", "district": "西湖区",
             "estate": "翠苑一区", "building": "", "pickup_point": "5幢门卫室"}
CHAIN = ("demo-alice", "demo-bob", "demo-carol")  # alice referred bob, bob referred carol
LEVELS = {"demo-alice": "partner", "demo-bob": "member"}
RUNS_AT_LEAST = timedelta(minutes=5)  # an activity ending sooner is replaced by a new one


class DemoError(RuntimeError):
    """The gateway refused a demo step."""


def _ok(answer: Response[Any], what: str) -> Any:
    if not 200 <= answer.status_code < 300:
        raise DemoError(f"{what}: {answer.status_code} {answer.content[:300]!r}")
    return answer.parsed


def _pages(fetch: Callable[..., Response[Any]], what: str, **kwargs: Any) -> Iterator[Any]:
    cursor = None
    while True:
        page = _ok(fetch(limit=100, **({"cursor": cursor} if cursor else {}), **kwargs), what)
        yield from page.items
        cursor = page.next_cursor
        if not cursor:
            return


@dataclass
class Demo:
    base_url: str

    def __post_init__(self) -> None:
        self.anonymous = Client(base_url=self.base_url, timeout=None)

    def login(self, openid: str, roles: tuple[str, ...] = ()) -> tuple[AuthenticatedClient, int]:
        tokens = _ok(auth_dev_login.sync_detailed(client=self.anonymous,  # type: ignore[arg-type]
                                                  body=DevLogin.from_dict({"openid": openid, "roles": list(roles)})),
                     f"log in as {openid}")
        return AuthenticatedClient(base_url=self.base_url, token=tokens.access_token), tokens.user.id

    def products(self, ops: AuthenticatedClient) -> dict[str, Any]:
        every = _pages(lambda **kw: catalog_list_products.sync_detailed(client=ops, include_unpublished=True, **kw),
                       "list products")
        found = {p.external_id: p for p in every}
        for external_id, name, role, price in PRODUCTS:
            if external_id not in found:
                found[external_id] = _ok(catalog_create_product.sync_detailed(client=ops, body=ProductCreate.from_dict({
                    "name": name, "role": role, "external_id": external_id, "published": True,
                    "skus": [{"name": "标准装", "price_fen": price, "stock": 500,
                              "member_prices": {"member": price * 95 // 100}}]})), f"create {name}")
        if "demo-giftpack" not in found:
            found["demo-giftpack"] = _ok(catalog_create_product.sync_detailed(client=ops, body=ProductCreate.from_dict({
                "name": "周五礼包: 大米+鸡蛋", "role": "regular", "kind": "bundle", "grants_level": "member",
                "external_id": "demo-giftpack", "published": True, "description": "买礼包即成为会员",
                "skus": [{"name": "礼包", "price_fen": 7990, "stock": 0}],
                "components": [{"sku_id": found["demo-rice"].skus[0].id, "quantity": 1},
                               {"sku_id": found["demo-eggs"].skus[0].id, "quantity": 1}]})), "create the gift pack")
        return found

    def stack_now(self, ops: AuthenticatedClient) -> datetime:
        """The stack's clock: its dev clock, or the wall clock where it has none."""
        answer = dev_read_clock.sync_detailed(client=ops)
        if answer.status_code == 404:
            return datetime.now(UTC)
        return _ok(answer, "read the clock").now

    def activities(self, ops: AuthenticatedClient, products: dict[str, Any]) -> dict[str, int]:
        now = self.stack_now(ops)
        running = {a.title: a.id for a in _pages(
            lambda **kw: catalog_list_activities.sync_detailed(client=ops, **kw), "list activities")
            if a.ends_at > now + RUNS_AT_LEAST}
        start = now - timedelta(minutes=1)
        wanted = {
            LADDER_TITLE: (products["demo-berries"], timedelta(days=3), {
                "kind": "ladder_group", "group_window_s": 6 * 3600, "close_on_top_tier": False,
                "tiers": [{"threshold": 1, "unit_price_fen": 10000}, {"threshold": 2, "unit_price_fen": 9000},
                          {"threshold": 3, "unit_price_fen": 8500}, {"threshold": 5, "unit_price_fen": 7500}]}),
            FLASH_TITLE: (products["demo-eggs"], timedelta(hours=2),
                          {"kind": "flash_sale", "price_fen": 990, "stock": 50, "per_user_limit": 1}),
        }
        for title, (product, length, terms) in wanted.items():
            if title not in running:
                running[title] = _ok(catalog_create_activity.sync_detailed(client=ops, body=ActivityCreate.from_dict({
                    "title": title, "sku_id": product.skus[0].id, "starts_at": start.isoformat(),
                    "ends_at": (start + length).isoformat(), "terms": terms})), f"create {title}").id
        return running

    def community(self, ops: AuthenticatedClient) -> int:
        found = next((c.id for c in _pages(lambda **kw: communities_list.sync_detailed(client=self.anonymous, **kw),
                                           "list communities") if c.name == COMMUNITY["name"]), None)
        if found is None:
            found = _ok(communities_create.sync_detailed(client=ops, body=CommunityCreate.from_dict(COMMUNITY)),
                        "create the community").id
        _, leader_id = self.login("demo-leader")
        _ok(communities_assign_leader.sync_detailed(community_id=found, client=ops,
                                                    body=LeaderAssign.from_dict({"user_id": leader_id})),
            "assign the leader")
        return found

    def chain(self, ops: AuthenticatedClient, community_id: int, products: dict[str, Any],
              activities: dict[str, int]) -> list[int]:
        users = {openid: self.login(openid) for openid in CHAIN}
        for upper, lower in itertools.pairwise(CHAIN):
            code = _ok(referrals_me.sync_detailed(client=users[upper][0]), "read a referral code").code
            _ok(referrals_bind.sync_detailed(client=users[lower][0], body=BindRequest.from_dict({"code": code})),
                f"bind {lower}")
        for openid, level in LEVELS.items():
            _ok(users_set_level.sync_detailed(user_id=users[openid][1], client=ops, body=LevelSet.from_dict(
                {"level": level, "reason": "demo"})), f"set {openid}'s level")
        carol = users[CHAIN[-1]][0]
        _ok(communities_join.sync_detailed(community_id=community_id, client=carol), "join the community")
        addresses = list(_pages(lambda **kw: users_list_addresses.sync_detailed(client=carol, **kw), "addresses"))
        address = addresses[0].id if addresses else _ok(users_add_address.sync_detailed(
            client=carol, body=AddressCreate.from_dict({
                "recipient": "演示用户", "phone": "13800000000", "province": "浙江省", "city": "杭州市",
                "district": "西湖区", "estate": "翠苑一区", "building": "5幢", "unit": "2单元", "room": "301"})),
            "add an address").id
        if not list(_pages(lambda **kw: orders_list.sync_detailed(client=carol, **kw), "list orders")):
            for body in ({"sku_id": products["demo-rice"].skus[0].id, "address_id": address},
                         {"activity_id": activities[LADDER_TITLE], "address_id": address}):
                placed = _ok(orders_create.sync_detailed(client=carol, body=OrderCreate.from_dict(body),
                                                         idempotency_key=f"demo-{uuid.uuid4().hex}"), "order")
                _ok(payments_sandbox_pay.sync_detailed(order_id=placed.id, client=carol), "pay in the sandbox")
        return [users[openid][1] for openid in CHAIN]

    def pickup_day(self, ops: AuthenticatedClient, community_id: int) -> str:
        """Ops ship the community's paid orders for today; demo-leader hands out demo-carol's with her code."""
        _ok(orders_ship_batch.sync_detailed(client=ops, body=ShipBatch(community_id=community_id)),
            "ship the community's orders")
        demo_supply.arrival(self, community_id)  # only what arrived is ready for pickup
        carol, _ = self.login(CHAIN[-1])
        codes = _ok(orders_pickup_code.sync_detailed(client=carol), "show demo-carol her pickup code")
        card = next((c for c in codes.codes if c.community_id == community_id), None)
        if card is None:
            return "nothing waits for demo-carol today"
        leader, _ = self.login("demo-leader")  # a token made after the leader was named carries the role
        answer = orders_redeem_pickup_code.sync_detailed(client=leader, body=PickupRedeem(
            code=card.code, community_id=community_id))
        if answer.status_code != 409:  # 409: handed out by an earlier load today
            _ok(answer, "hand out demo-carol's orders with her code")
        return (f"demo-leader handed out demo-carol's day with pickup code {card.code[:4]} {card.code[4:]} "
                f"({len(card.orders)} order(s))")

    def load(self) -> str:
        ops, _ = self.login("demo-ops", ("ops",))
        products = self.products(ops)
        supplier = demo_supply.supplier(self, ops, products)
        activities = self.activities(ops, products)
        community = self.community(ops)
        chain = self.chain(ops, community, products, activities)
        supply = demo_supply.supply_day(self, ops, supplier)
        pickup = self.pickup_day(ops, community)
        from devtools.demo_buyer import basket  # it builds on this module's helpers

        return (f"{len(products)} products, activities {sorted(activities.values())}, community {community}; {supply}; "
                f"referral chain {' ← '.join(str(user) for user in chain)}; {pickup}; {basket(self, products)}")


def load(base_url: str) -> str:
    return Demo(base_url).load()
