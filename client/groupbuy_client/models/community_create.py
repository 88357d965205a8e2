from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="CommunityCreate")



@_attrs_define
class CommunityCreate:
    """ 
        Attributes:
            name (str):
            province (str):
            city (str):
            district (str):
            estate (str):
            pickup_point (str): Where the leader hands orders out
            building (str | Unset): Empty: the whole estate Default: ''.
     """

    name: str
    province: str
    city: str
    district: str
    estate: str
    pickup_point: str
    building: str | Unset = ''





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        province = self.province

        city = self.city

        district = self.district

        estate = self.estate

        pickup_point = self.pickup_point

        building = self.building


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
            "province": province,
            "city": city,
            "district": district,
            "estate": estate,
            "pickup_point": pickup_point,
        })
        if building is not UNSET:
            field_dict["building"] = building

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        province = d.pop("province")

        city = d.pop("city")

        district = d.pop("district")

        estate = d.pop("estate")

        pickup_point = d.pop("pickup_point")

        building = d.pop("building", UNSET)

        community_create = cls(
            name=name,
            province=province,
            city=city,
            district=district,
            estate=estate,
            pickup_point=pickup_point,
            building=building,
        )

        return community_create

