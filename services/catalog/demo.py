"""Demo catalog for the embedded default: a product in every assortment role, a gift pack, a live
ladder group buy and a flash sale.  Loaded once: products are found again by their external ids."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from common.clock import now
from common.db import Database
from services.catalog.domain.activities import FlashTerms, LadderTerms, Tier
from services.catalog.models import Activity, BundleComponent, Product, ProductKind, ProductRole, Sku

DEMO_PRODUCTS = [
    ("demo-eggs", "散养土鸡蛋 30枚", ProductRole.traffic, "盒", "Farm eggs at cost, to bring neighbours in.", 1990),
    ("demo-rice", "东北五常大米 5kg", ProductRole.regular, "袋", "Everyday rice.", 6900),
    ("demo-crab", "阳澄湖大闸蟹礼盒", ProductRole.profit, "盒", "Hairy crab gift box.", 29800),
    ("demo-clean", "家电深度清洗服务", ProductRole.service, "次", "Appliance cleaning at home.", 15900),
    ("demo-berries", "云南高山蓝莓 4盒", ProductRole.fission, "组", "Blueberries made for sharing.", 10000),
]


async def load(db: Database) -> int:
    """Insert what is missing; returns how many products were added."""
    added = 0
    async with db.write_sessions() as session:
        known = set((await session.exec(select(Product.external_id))).all())
        skus: dict[str, Sku] = {}
        for external_id, name, role, unit, description, price in DEMO_PRODUCTS:
            if external_id in known:
                continue
            product = Product(name=name, role=role, unit=unit, description=description, published=True,
                              external_id=external_id)
            session.add(product)
            await session.flush()
            sku = Sku(product_id=product.id, name="标准装", price_fen=price, stock=500,
                      member_prices={"member": price * 95 // 100}, external_id=f"{external_id}-std")
            session.add(sku)
            skus[external_id] = sku
            added += 1
        await session.flush()
        if "demo-giftpack" not in known and {"demo-rice", "demo-eggs"} <= skus.keys():
            pack = Product(name="周五礼包: 大米+鸡蛋", role=ProductRole.regular, unit="份", kind=ProductKind.bundle,
                           grants_level="member", published=True, external_id="demo-giftpack",
                           description="Rice and eggs; buying it makes you a member.")
            session.add(pack)
            await session.flush()
            pack_sku = Sku(product_id=pack.id, name="礼包", price_fen=7990, stock=0, external_id="demo-giftpack-std")
            session.add(pack_sku)
            await session.flush()
            session.add_all([BundleComponent(bundle_sku_id=pack_sku.id, component_sku_id=skus["demo-rice"].id,
                                             quantity=1),
                             BundleComponent(bundle_sku_id=pack_sku.id, component_sku_id=skus["demo-eggs"].id,
                                             quantity=1)])
            start = now() - timedelta(minutes=1)
            ladder = LadderTerms(tiers=[Tier(threshold=1, unit_price_fen=10000), Tier(threshold=2, unit_price_fen=9000),
                                        Tier(threshold=3, unit_price_fen=8500), Tier(threshold=5, unit_price_fen=7500)],
                                 group_window_s=6 * 3600)
            session.add(Activity(kind="ladder_group", title="蓝莓同址阶梯团", sku_id=skus["demo-berries"].id,
                                 starts_at=start, ends_at=start + timedelta(days=3),
                                 terms=ladder.model_dump(mode="json")))
            flash = FlashTerms(price_fen=990, stock=50, per_user_limit=1)
            session.add(Activity(kind="flash_sale", title="鸡蛋秒杀", sku_id=skus["demo-eggs"].id,
                                 starts_at=start, ends_at=start + timedelta(hours=2),
                                 terms=flash.model_dump(mode="json")))
        await session.commit()
    return added
