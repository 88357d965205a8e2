from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="SourceFunnel")



@_attrs_define
class SourceFunnel:
    """ 
        Attributes:
            source (str): scene, share_card, poster, leader_code (unknown: binds without a source)
            shares (int | None): Codes made (membership); None when not known for this kind
            visits (int): Visits, once per visitor, share and day
            binds (int | None): Referral binds from this source (referrals); None when unknown
            binds_first_paid (int | None): Of those bound users, the ones who paid for an order
            joins (int): Orders placed in a ladder group from this source
            joins_first_paid (int): Of those orders, the ones that were their buyer's first paid order
     """

    source: str
    shares: int | None
    visits: int
    binds: int | None
    binds_first_paid: int | None
    joins: int
    joins_first_paid: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        source = self.source

        shares: int | None
        shares = self.shares

        visits = self.visits

        binds: int | None
        binds = self.binds

        binds_first_paid: int | None
        binds_first_paid = self.binds_first_paid

        joins = self.joins

        joins_first_paid = self.joins_first_paid


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "source": source,
            "shares": shares,
            "visits": visits,
            "binds": binds,
            "binds_first_paid": binds_first_paid,
            "joins": joins,
            "joins_first_paid": joins_first_paid,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        source = d.pop("source")

        def _parse_shares(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        shares = _parse_shares(d.pop("shares"))


        visits = d.pop("visits")

        def _parse_binds(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        binds = _parse_binds(d.pop("binds"))


        def _parse_binds_first_paid(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        binds_first_paid = _parse_binds_first_paid(d.pop("binds_first_paid"))


        joins = d.pop("joins")

        joins_first_paid = d.pop("joins_first_paid")

        source_funnel = cls(
            source=source,
            shares=shares,
            visits=visits,
            binds=binds,
            binds_first_paid=binds_first_paid,
            joins=joins,
            joins_first_paid=joins_first_paid,
        )


        source_funnel.additional_properties = d
        return source_funnel

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
