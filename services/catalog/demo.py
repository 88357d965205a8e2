"""Demo products for the embedded default: one product in every assortment role, loaded once."""

from __future__ import annotations

from sqlmodel import select

from common.db import Database
from services.catalog.models import Product, ProductRole

DEMO_PRODUCTS = [
    ("散养土鸡蛋 30枚", ProductRole.traffic, "盒", "Farm eggs at cost, to bring neighbours in."),
    ("东北五常大米 5kg", ProductRole.regular, "袋", "Everyday rice."),
    ("阳澄湖大闸蟹礼盒", ProductRole.profit, "盒", "Hairy crab gift box."),
    ("家电深度清洗服务", ProductRole.service, "次", "Appliance cleaning at home."),
    ("云南高山蓝莓 4盒", ProductRole.fission, "组", "Blueberries made for sharing."),
]


async def load(db: Database) -> int:
    """Insert the demo products that are missing; returns how many were added."""
    added = 0
    async with db.write_sessions() as session:
        existing = set((await session.exec(select(Product.name))).all())
        for name, role, unit, description in DEMO_PRODUCTS:
            if name not in existing:
                session.add(Product(name=name, role=role, unit=unit, description=description, published=True))
                added += 1
        await session.commit()
    return added
