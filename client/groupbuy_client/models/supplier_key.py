from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="SupplierKey")



@_attrs_define
class SupplierKey:
    """ 
        Attributes:
            api_key_id (int | None): The partner key that acts for the supplier; null: none
     """

    api_key_id: int | None





    def to_dict(self) -> dict[str, Any]:
        api_key_id: int | None
        api_key_id = self.api_key_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "api_key_id": api_key_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_api_key_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        api_key_id = _parse_api_key_id(d.pop("api_key_id"))


        supplier_key = cls(
            api_key_id=api_key_id,
        )

        return supplier_key

