from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.sync_batch_sync_row_role import SyncBatchSyncRowRole






T = TypeVar("T", bound="SyncBatchSyncRow")



@_attrs_define
class SyncBatchSyncRow:
    """ One row of a supplier's feed: a product, one of its SKUs, the SKU's price and stock.

        Attributes:
            product_external_id (str): The supplier's own id, unique among its products (or SKUs)
            name (str): The product's name
            role (SyncBatchSyncRowRole):
            sku_external_id (str): The supplier's own id, unique among its products (or SKUs)
            sku_name (str):
            price_fen (int):
            stock (int): Units the supplier still has for sale, counting units held by orders awaiting payment (not units
                already paid for)
     """

    product_external_id: str
    name: str
    role: SyncBatchSyncRowRole
    sku_external_id: str
    sku_name: str
    price_fen: int
    stock: int





    def to_dict(self) -> dict[str, Any]:
        product_external_id = self.product_external_id

        name = self.name

        role = self.role.value

        sku_external_id = self.sku_external_id

        sku_name = self.sku_name

        price_fen = self.price_fen

        stock = self.stock


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "product_external_id": product_external_id,
            "name": name,
            "role": role,
            "sku_external_id": sku_external_id,
            "sku_name": sku_name,
            "price_fen": price_fen,
            "stock": stock,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        product_external_id = d.pop("product_external_id")

        name = d.pop("name")

        role = SyncBatchSyncRowRole(d.pop("role"))




        sku_external_id = d.pop("sku_external_id")

        sku_name = d.pop("sku_name")

        price_fen = d.pop("price_fen")

        stock = d.pop("stock")

        sync_batch_sync_row = cls(
            product_external_id=product_external_id,
            name=name,
            role=role,
            sku_external_id=sku_external_id,
            sku_name=sku_name,
            price_fen=price_fen,
            stock=stock,
        )

        return sync_batch_sync_row

