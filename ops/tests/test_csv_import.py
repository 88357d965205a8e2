"""The product CSV's local checks and the yuan → fen conversion (pure, no gateway)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ops.csv_import import (
    MAX_PRICE_FEN,
    Issue,
    PriceError,
    batches,
    decode,
    fen_to_yuan,
    parse,
    yuan_to_fen,
)

HEADER = "product_external_id,name,role,sku_external_id,sku_name,price_yuan,stock\n"


@given(st.integers(min_value=0, max_value=10**12))
def test_yuan_written_with_two_decimals_is_exactly_its_fen(fen):
    assert yuan_to_fen(fen_to_yuan(fen)) == fen


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=9))
def test_one_decimal_is_ten_fen(whole, tenths):
    assert yuan_to_fen(f"{whole}.{tenths}") == whole * 100 + tenths * 10


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_conversion_agrees_with_decimal_arithmetic(amount):
    assert yuan_to_fen(f"{amount:f}") == int(amount * 100)


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=999).filter(lambda d: d % 10))
def test_more_than_two_decimals_is_refused(whole, thousandths):
    with pytest.raises(PriceError, match="more than 2 decimals"):
        yuan_to_fen(f"{whole}.{thousandths:03d}")


@pytest.mark.parametrize("text", ["12.505", "0.001", "1.000", "3.14159"])
def test_three_or_more_decimals_are_refused_even_when_trailing_zeros(text):
    with pytest.raises(PriceError, match="more than 2 decimals"):
        yuan_to_fen(text)


@pytest.mark.parametrize("text", ["", "-1", "+1", "1e2", "1,200.00", "¥12", "12.", ".5", "NaN", "Infinity", "１２"])
def test_anything_but_a_plain_amount_is_refused(text):
    with pytest.raises(PriceError):
        yuan_to_fen(text)


def test_floats_would_be_wrong_where_decimal_is_exact():
    assert int(float("0.29") * 100) == 28  # the trap
    assert yuan_to_fen("0.29") == 29 and yuan_to_fen("19.99") == 1999 and yuan_to_fen(" 7 ") == 700
    assert Decimal(fen_to_yuan(1999)) == Decimal("19.99")


def test_a_clean_file_gives_every_row_with_spreadsheet_row_numbers():
    plan = parse(HEADER + "P1,有机苹果,regular,S1,5斤装,39.90,100\nP1,有机苹果,regular,S2,10斤装,72,50\n")
    assert plan.issues == []
    assert [(r.row, r.sku_external_id, r.price_fen, r.stock) for r in plan.rows] == [(2, "S1", 3990, 100),
                                                                                      (3, "S2", 7200, 50)]


def test_a_bom_is_read_and_other_encodings_are_refused():
    text = decode(("\ufeff" + HEADER + "P1,苹果,traffic,S1,份,1,1\n").encode("utf-8"))
    assert parse(text).rows[0].product_external_id == "P1"
    with pytest.raises(ValueError, match="not UTF-8"):
        decode((HEADER + "P1,苹果,traffic,S1,份,1,1\n").encode("gbk"))


def test_every_bad_field_is_reported_with_its_row_and_the_row_is_left_out():
    plan = parse(HEADER + "\n".join([
        "P1,苹果,regular,S1,份,1.5,10",           # 2: fine
        "P 2,,retail,S2,份,1.505,-3",             # 3: id with a space, empty name, role, price, stock
        ",梨,profit,S3,份,0,5",                    # 4: empty id, price 0
        "P4,桃,service,S4,份,2,10.5",              # 5: stock not whole
        "",                                        # blank line: skipped
        "P5,李,fission,S5," + "份" * 81 + ",3,1",  # 7: SKU name too long
    ]) + "\n")
    assert [r.row for r in plan.rows] == [2]
    assert {(i.row, i.field) for i in plan.issues} == {
        (3, "product_external_id"), (3, "name"), (3, "role"), (3, "price_yuan"), (3, "stock"),
        (4, "product_external_id"), (4, "price_yuan"), (5, "stock"), (7, "sku_name")}
    assert plan.invalid_rows == [3, 4, 5, 7]
    assert Issue(3, "price_yuan", "'1.505' has more than 2 decimals: a price is a whole number of fen") in plan.issues


def test_price_in_fen_or_both_columns_when_they_agree():
    header = "product_external_id,name,role,sku_external_id,sku_name,price_yuan,price_fen,stock\n"
    plan = parse(header + "P1,a,regular,S1,x,,1250,1\nP1,a,regular,S2,y,12.5,1250,1\nP1,a,regular,S3,z,12.5,1251,1\n"
                 "P1,a,regular,S4,w,,,1\nP1,a,regular,S5,v,,100000001,1\n")
    assert [(r.row, r.price_fen) for r in plan.rows] == [(2, 1250), (3, 1250)]
    assert [(i.row, i.field) for i in plan.issues] == [(4, "price"), (5, "price"), (6, "price_fen")]
    assert parse(header + f"P1,a,regular,S1,x,,{MAX_PRICE_FEN},0\n").rows[0].price_fen == MAX_PRICE_FEN


def test_across_the_file_a_sku_appears_once_and_a_product_keeps_one_name_and_role():
    plan = parse(HEADER + "P1,苹果,regular,S1,份,1,1\nP2,梨,regular,S1,份,1,1\nP1,苹果!,regular,S3,份,1,1\n"
                 "P1,苹果,profit,S4,份,1,1\nP1,苹果,regular,S5,份,1,1\n")
    assert [r.row for r in plan.rows] == [2, 6]
    assert plan.issues == [Issue(3, "sku_external_id", "the same SKU is in row 2"),
                           Issue(4, "name", "differs from row 2 of the same product"),
                           Issue(5, "role", "differs from row 2 of the same product")]


def test_roles_and_headers_are_read_case_insensitively_and_extra_columns_ignored():
    plan = parse(" Product_External_ID ,NAME,Role,sku_external_id,sku_name,price_fen,stock,note\n"
                 "P1,苹果,Regular,S1,份,100,1,whatever\n")
    assert plan.rows[0].role == "regular" and plan.ignored_columns == ["note"]


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty"),
    ("product_external_id,name,role,sku_external_id,sku_name,stock\n", "price_yuan or price_fen"),
    ("name,role\n", "product_external_id"),
    (HEADER.strip() + ",stock\n", "named twice"),
])
def test_an_unusable_header_stops_everything(text, message):
    with pytest.raises(ValueError, match=message):
        parse(text)


def test_a_row_with_more_values_than_columns_is_reported_not_guessed():
    plan = parse(HEADER + "P1,苹果,大果,regular,S1,份,1,1\n")
    assert plan.rows == [] and plan.issues[0].field == "row" and "quoted" in plan.issues[0].problem


@given(st.integers(min_value=0, max_value=3500), st.integers(min_value=1, max_value=1000))
def test_batches_keep_every_row_once_in_order_and_never_exceed_the_size(count, size):
    rows = list(range(count))
    chunks = list(batches(rows, size))  # type: ignore[arg-type]
    assert [row for chunk in chunks for row in chunk] == rows
    assert all(1 <= len(chunk) <= size for chunk in chunks)
