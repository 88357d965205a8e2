from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="SupplierPublic")



@_attrs_define
class SupplierPublic:
    """ 
        Attributes:
            id (int):
            name (str):
            contact (str):
            settlement_terms (str):
            api_key_id (int | None):
     """

    id: int
    name: str
    contact: str
    settlement_terms: str
    api_key_id: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        contact = self.contact

        settlement_terms = self.settlement_terms

        api_key_id: int | None
        api_key_id = self.api_key_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "name": name,
            "contact": contact,
            "settlement_terms": settlement_terms,
            "api_key_id": api_key_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        contact = d.pop("contact")

        settlement_terms = d.pop("settlement_terms")

        def _parse_api_key_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        api_key_id = _parse_api_key_id(d.pop("api_key_id"))


        supplier_public = cls(
            id=id,
            name=name,
            contact=contact,
            settlement_terms=settlement_terms,
            api_key_id=api_key_id,
        )


        supplier_public.additional_properties = d
        return supplier_public

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
