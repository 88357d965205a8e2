"""The supplier sync rules, pure: whatever the batch and the catalog before it, applying the accepted
rows and judging the batch again finds nothing left to change, and held units stay covered."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from services.catalog.domain.sync import (
    Outcome,
    Rejection,
    StoredProduct,
    StoredSku,
    SyncLine,
    Verdict,
    judge,
    on_sale,
)

lines = st.builds(SyncLine, product_ref=st.sampled_from(["p1", "p2", "p3"]), name=st.sampled_from(["甲", "乙"]),
                  role=st.sampled_from(["regular", "traffic"]), sku_ref=st.sampled_from(["s1", "s2", "s3", "s4"]),
                  sku_name=st.sampled_from(["小", "大"]), price_fen=st.integers(1, 4), stock=st.integers(0, 4))
batches = st.lists(st.one_of(lines, st.builds(Rejection, field=st.just("price_fen"), reason=st.just("bad"))),
                   max_size=12)
stored_products = st.dictionaries(st.sampled_from(["p1", "p2", "p3"]),
                                  st.builds(StoredProduct, name=st.sampled_from(["甲", "乙"]),
                                            role=st.sampled_from(["regular", "traffic"])))
stored_skus = st.dictionaries(st.sampled_from(["s1", "s2", "s3", "s4"]), st.builds(
    StoredSku, product_ref=st.sampled_from(["p1", "p2", "p3"]), name=st.sampled_from(["小", "大"]),
    price_fen=st.integers(1, 4), stock=st.integers(0, 4), held=st.integers(0, 3),
    member_prices=st.dictionaries(st.just("member"), st.integers(1, 3))))


def apply(rows, verdicts: list[Verdict], products: dict, skus: dict) -> None:
    for row, verdict in zip(rows, verdicts, strict=True):
        if verdict.outcome == Outcome.rejected:
            continue
        before = skus.get(row.sku_ref)
        held = before.held if before else 0
        assert on_sale(row.stock, held) >= 0
        products[row.product_ref] = StoredProduct(name=row.name, role=row.role)
        skus[row.sku_ref] = StoredSku(product_ref=row.product_ref, name=row.sku_name, price_fen=row.price_fen,
                                      stock=on_sale(row.stock, held), held=held,
                                      member_prices=before.member_prices if before else {})


@given(batches, stored_products, stored_skus)
def test_the_same_batch_twice_changes_nothing_the_second_time(rows, products, skus):
    products = dict(products) | {s.product_ref: StoredProduct("甲", "regular") for s in skus.values()
                                 if s.product_ref not in products}
    first = judge(rows, products, skus)
    assert len(first) == len(rows)
    apply(rows, first, products, skus)
    second = judge(rows, products, skus)
    assert [v.outcome == Outcome.rejected for v in second] == [v.outcome == Outcome.rejected for v in first]
    assert {v.outcome for v in second} <= {Outcome.unchanged, Outcome.rejected}


def test_each_rule_names_its_field():
    held = StoredSku(product_ref="p1", name="小", price_fen=3, stock=1, held=2, member_prices={"member": 2})
    row = SyncLine(product_ref="p1", name="甲", role="regular", sku_ref="s1", sku_name="小", price_fen=3, stock=5)
    other = SyncLine(product_ref="p1", name="乙", role="regular", sku_ref="s2", sku_name="小", price_fen=3, stock=5)
    verdicts = judge([row, row, other, replace(row, product_ref="p2", sku_ref="s3")],
                     {"p1": StoredProduct("甲", "regular")}, {"s1": held})
    assert [(v.outcome, v.field) for v in verdicts] == [(Outcome.updated, None),
                                                        (Outcome.rejected, "sku_external_id"),
                                                        (Outcome.rejected, "name"), (Outcome.created, None)]
    cheap = judge([SyncLine("p1", "甲", "regular", "s1", "小", 1, 5)], {}, {"s1": held})
    short = judge([SyncLine("p1", "甲", "regular", "s1", "小", 3, 1)], {}, {"s1": held})
    moved = judge([SyncLine("p9", "甲", "regular", "s1", "小", 3, 5)], {}, {"s1": held})
    assert [v[0].field for v in (cheap, short, moved)] == ["price_fen", "stock", "sku_external_id"]
