from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="ComponentIn")



@_attrs_define
class ComponentIn:
    """ 
        Attributes:
            sku_id (int):
            quantity (int):
     """

    sku_id: int
    quantity: int





    def to_dict(self) -> dict[str, Any]:
        sku_id = self.sku_id

        quantity = self.quantity


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "sku_id": sku_id,
            "quantity": quantity,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sku_id = d.pop("sku_id")

        quantity = d.pop("quantity")

        component_in = cls(
            sku_id=sku_id,
            quantity=quantity,
        )

        return component_in

