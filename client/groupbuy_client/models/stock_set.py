from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="StockSet")



@_attrs_define
class StockSet:
    """ 
        Attributes:
            stock (int): Units on hand that are not reserved
     """

    stock: int





    def to_dict(self) -> dict[str, Any]:
        stock = self.stock


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "stock": stock,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        stock = d.pop("stock")

        stock_set = cls(
            stock=stock,
        )

        return stock_set

