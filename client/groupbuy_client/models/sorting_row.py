from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="SortingRow")



@_attrs_define
class SortingRow:
    """ 
        Attributes:
            community_id (int | None):
            sku_id (int):
            product_name (str):
            units (int):
            orders (int):
     """

    community_id: int | None
    sku_id: int
    product_name: str
    units: int
    orders: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        community_id: int | None
        community_id = self.community_id

        sku_id = self.sku_id

        product_name = self.product_name

        units = self.units

        orders = self.orders


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "community_id": community_id,
            "sku_id": sku_id,
            "product_name": product_name,
            "units": units,
            "orders": orders,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_community_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        community_id = _parse_community_id(d.pop("community_id"))


        sku_id = d.pop("sku_id")

        product_name = d.pop("product_name")

        units = d.pop("units")

        orders = d.pop("orders")

        sorting_row = cls(
            community_id=community_id,
            sku_id=sku_id,
            product_name=product_name,
            units=units,
            orders=orders,
        )


        sorting_row.additional_properties = d
        return sorting_row

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
