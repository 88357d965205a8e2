from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="ConfirmLine")



@_attrs_define
class ConfirmLine:
    """ 
        Attributes:
            sku_id (int):
            units (int):
     """

    sku_id: int
    units: int





    def to_dict(self) -> dict[str, Any]:
        sku_id = self.sku_id

        units = self.units


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "sku_id": sku_id,
            "units": units,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sku_id = d.pop("sku_id")

        units = d.pop("units")

        confirm_line = cls(
            sku_id=sku_id,
            units=units,
        )

        return confirm_line

