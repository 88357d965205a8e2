"""The demo's basket buyer (demo-dave), loaded by ``Demo.load`` after the rest of the demo: a basket of
three lines — rice, two boxes of eggs, blueberries at list price — checked out and paid once in the sandbox
(one checkout, three orders), and one small after-sales claim on the eggs (two broken, ¥3 back) that the
small-amount rule approves at once and pays back through the order's refund path.

Loading again adds nothing: the checkout is placed only when demo-dave has none (a checkout left unpaid by
an interrupted load is paid), and the claim is filed only when he has none.  Its summary line names the
checkout and the claim, so it reads the same on every load."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from groupbuy_client import AuthenticatedClient
from groupbuy_client.api.after_sales import after_sales_create, after_sales_list
from groupbuy_client.api.checkouts import checkouts_create, checkouts_list
from groupbuy_client.api.payments import payments_sandbox_pay_checkout
from groupbuy_client.api.users import users_add_address, users_list_addresses
from groupbuy_client.models import AddressCreate, AfterSalesCreate, CheckoutCreate

if TYPE_CHECKING:
    from devtools.demo import Demo

BUYER = "demo-dave"
BASKET = (("demo-rice", 1), ("demo-eggs", 2), ("demo-berries", 1))  # external id, quantity
CLAIM = {"kind": "refund_only", "reason_code": "damaged", "amount_fen": 300, "note": "两个鸡蛋破了",
         "image_urls": ["https://img.example.cn/demo/broken-eggs.jpg"]}
ADDRESS = {"recipient": "演示买家", "phone": "13900000000", "province": "浙江省", "city": "杭州市",
           "district": "西湖区", "estate": "翠苑一区", "building": "6幢", "unit": "1单元", "room": "802"}


def _address(dave: AuthenticatedClient) -> int:
    from devtools.demo import _ok, _pages

    addresses = list(_pages(lambda **kw: users_list_addresses.sync_detailed(client=dave, **kw), "addresses"))
    if addresses:
        return addresses[0].id
    return _ok(users_add_address.sync_detailed(client=dave, body=AddressCreate.from_dict(ADDRESS)),
               "add demo-dave's address").id


def basket(demo: Demo, products: dict[str, Any], buyer: str = BUYER) -> str:
    """demo-dave's basket paid once and his claim on it; the line of the demo's summary.  ``products`` maps
    the demo's external ids to products (``Demo.products``)."""
    from devtools.demo import _ok, _pages

    dave, _ = demo.login(buyer)
    checkouts = sorted(_pages(lambda **kw: checkouts_list.sync_detailed(client=dave, **kw), "list checkouts"),
                       key=lambda found: found.id)
    # The first paid one is the demo's; else one an interrupted load left unpaid; else a new one.
    checkout = (next((c for c in checkouts if c.status == "paid"), None)
                or next((c for c in checkouts if c.status == "pending_payment"), None))
    if checkout is None:
        lines = [{"sku_id": products[external_id].skus[0].id, "quantity": quantity}
                 for external_id, quantity in BASKET]
        checkout = _ok(checkouts_create.sync_detailed(
            client=dave, body=CheckoutCreate.from_dict({"address_id": _address(dave), "lines": lines}),
            idempotency_key=f"demo-basket-{uuid.uuid4().hex}"), "check demo-dave's basket out")
    if checkout.status == "pending_payment":
        checkout = _ok(payments_sandbox_pay_checkout.sync_detailed(checkout_id=checkout.id, client=dave),
                       "pay demo-dave's basket in the sandbox")
    claims = list(_pages(lambda **kw: after_sales_list.sync_detailed(client=dave, **kw), "list claims"))
    if not claims:
        eggs = products["demo-eggs"].skus[0].id
        line = next(line for line in checkout.lines if line.sku_id == eggs)
        claims = [_ok(after_sales_create.sync_detailed(order_id=line.id, client=dave,
                                                       body=AfterSalesCreate.from_dict(CLAIM)),
                      "file demo-dave's after-sales claim")]
    claim = min(claims, key=lambda found: found.id)
    return (f"{buyer} paid a basket of {len(checkout.lines)} lines once (checkout {checkout.checkout_no}), "
            f"claim {claim.id} on order {claim.order_id}: {claim.status}")
