from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="SupplierCreate")



@_attrs_define
class SupplierCreate:
    """ 
        Attributes:
            name (str):
            contact (str | Unset):  Default: ''.
            settlement_terms (str | Unset):  Default: ''.
     """

    name: str
    contact: str | Unset = ''
    settlement_terms: str | Unset = ''





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        contact = self.contact

        settlement_terms = self.settlement_terms


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
        })
        if contact is not UNSET:
            field_dict["contact"] = contact
        if settlement_terms is not UNSET:
            field_dict["settlement_terms"] = settlement_terms

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        contact = d.pop("contact", UNSET)

        settlement_terms = d.pop("settlement_terms", UNSET)

        supplier_create = cls(
            name=name,
            contact=contact,
            settlement_terms=settlement_terms,
        )

        return supplier_create

