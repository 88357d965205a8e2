"""The pickup sheet's pure rules: the business day, masking, grouping by door and SKU."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from services.orders.domain.pickup import SheetOrder, business_day, mask_name, mask_phone, sheet_rows

PLACE = {"province": "上海市", "city": "上海市", "district": "浦东新区", "estate": "阳光花园"}


def order(number: str, sku: int = 1, minute: int = 0, **address) -> SheetOrder:
    return SheetOrder(order_no=number, placed_at=datetime(2026, 5, 1, 1, minute, tzinfo=UTC),
                      address=PLACE | address, product_id=sku * 10, product_name=f"商品{sku}", sku_id=sku,
                      quantity=1, picked_up=False)


def test_a_business_day_runs_from_midnight_to_midnight_in_shanghai():
    start, end = business_day(date(2026, 5, 1))
    assert start.astimezone(UTC) == datetime(2026, 4, 30, 16, tzinfo=UTC)
    assert end - start == timedelta(days=1)


@given(st.text(alphabet="0123456789-+ ", max_size=20))
def test_a_masked_phone_never_shows_more_than_seven_digits(phone):
    digits = [ch for ch in mask_phone(phone) if ch.isdigit()]
    assert len(digits) <= 7
    assert mask_phone("138 1234 5678") == "138****5678"


def test_names_keep_their_first_character_only():
    assert (mask_name("王五"), mask_name("欧阳娜娜"), mask_name(" "), mask_name("A")) == ("王*", "欧***", "*", "A*")


def test_one_door_spelled_two_ways_is_one_row_and_a_vague_address_stays_apart():
    rows = sheet_rows([
        order("b", minute=2, building="一号楼", unit="二单元", room="301室", recipient="李四", phone="13900000001"),
        order("a", minute=1, building="1栋", unit="2单元", room="301", recipient="张三", phone="13800000000"),
        order("c", minute=3, detail="放门口"),
        order("d", minute=4, building="10栋", room="101"),
        order("e", minute=5, building="2栋", room="101"),
        order("f", sku=2, minute=6, building="1栋", unit="2单元", room="301"),
    ])
    assert [(r.address, r.sku_id, r.order_nos) for r in rows] == [
        ("阳光花园 1栋 2单元 301", 1, ["a", "b"]),
        ("阳光花园 1栋 2单元 301", 2, ["f"]),
        ("阳光花园 2栋 101", 1, ["e"]),
        ("阳光花园 10栋 101", 1, ["d"]),
        ("阳光花园 放门口", 1, ["c"]),
    ]
    assert rows[0].recipients == ["张* 138****0000", "李* 139****0001"]
