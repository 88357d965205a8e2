"""Catalog: products and SKUs, gift packs, activities, the campaign calendar, inventory."""
