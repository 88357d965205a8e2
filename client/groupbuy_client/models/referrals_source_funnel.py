from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="ReferralsSourceFunnel")



@_attrs_define
class ReferralsSourceFunnel:
    """ 
        Attributes:
            source (str):
            binds (int):
            first_paid (int): Bound users from this source who have paid for an order
     """

    source: str
    binds: int
    first_paid: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        source = self.source

        binds = self.binds

        first_paid = self.first_paid


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "source": source,
            "binds": binds,
            "first_paid": first_paid,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        source = d.pop("source")

        binds = d.pop("binds")

        first_paid = d.pop("first_paid")

        referrals_source_funnel = cls(
            source=source,
            binds=binds,
            first_paid=first_paid,
        )


        referrals_source_funnel.additional_properties = d
        return referrals_source_funnel

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
