from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="AddressCreate")



@_attrs_define
class AddressCreate:
    """ 
        Attributes:
            recipient (str):
            phone (str):
            province (str):
            city (str):
            district (str):
            estate (str):
            building (str | Unset):  Default: ''.
            unit (str | Unset):  Default: ''.
            room (str | Unset):  Default: ''.
            detail (str | Unset):  Default: ''.
     """

    recipient: str
    phone: str
    province: str
    city: str
    district: str
    estate: str
    building: str | Unset = ''
    unit: str | Unset = ''
    room: str | Unset = ''
    detail: str | Unset = ''





    def to_dict(self) -> dict[str, Any]:
        recipient = self.recipient

        phone = self.phone

        province = self.province

        city = self.city

        district = self.district

        estate = self.estate

        building = self.building

        unit = self.unit

        room = self.room

        detail = self.detail


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "recipient": recipient,
            "phone": phone,
            "province": province,
            "city": city,
            "district": district,
            "estate": estate,
        })
        if building is not UNSET:
            field_dict["building"] = building
        if unit is not UNSET:
            field_dict["unit"] = unit
        if room is not UNSET:
            field_dict["room"] = room
        if detail is not UNSET:
            field_dict["detail"] = detail

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        recipient = d.pop("recipient")

        phone = d.pop("phone")

        province = d.pop("province")

        city = d.pop("city")

        district = d.pop("district")

        estate = d.pop("estate")

        building = d.pop("building", UNSET)

        unit = d.pop("unit", UNSET)

        room = d.pop("room", UNSET)

        detail = d.pop("detail", UNSET)

        address_create = cls(
            recipient=recipient,
            phone=phone,
            province=province,
            city=city,
            district=district,
            estate=estate,
            building=building,
            unit=unit,
            room=room,
            detail=detail,
        )

        return address_create

