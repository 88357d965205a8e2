from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="ShareProduct")



@_attrs_define
class ShareProduct:
    """ 
        Attributes:
            product_id (int):
            sku_id (int):
            name (str):
            sku_name (str):
            list_price_fen (int):
     """

    product_id: int
    sku_id: int
    name: str
    sku_name: str
    list_price_fen: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        product_id = self.product_id

        sku_id = self.sku_id

        name = self.name

        sku_name = self.sku_name

        list_price_fen = self.list_price_fen


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "product_id": product_id,
            "sku_id": sku_id,
            "name": name,
            "sku_name": sku_name,
            "list_price_fen": list_price_fen,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        product_id = d.pop("product_id")

        sku_id = d.pop("sku_id")

        name = d.pop("name")

        sku_name = d.pop("sku_name")

        list_price_fen = d.pop("list_price_fen")

        share_product = cls(
            product_id=product_id,
            sku_id=sku_id,
            name=name,
            sku_name=sku_name,
            list_price_fen=list_price_fen,
        )


        share_product.additional_properties = d
        return share_product

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
