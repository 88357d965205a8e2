from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="AddressPublic")



@_attrs_define
class AddressPublic:
    """ 
        Attributes:
            recipient (str):
            phone (str):
            province (str):
            city (str):
            district (str):
            estate (str):
            id (int):
            created_at (datetime.datetime):
            building (str | Unset):  Default: ''.
            unit (str | Unset):  Default: ''.
            room (str | Unset):  Default: ''.
            detail (str | Unset):  Default: ''.
            is_default (bool | Unset):  Default: False.
     """

    recipient: str
    phone: str
    province: str
    city: str
    district: str
    estate: str
    id: int
    created_at: datetime.datetime
    building: str | Unset = ''
    unit: str | Unset = ''
    room: str | Unset = ''
    detail: str | Unset = ''
    is_default: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        recipient = self.recipient

        phone = self.phone

        province = self.province

        city = self.city

        district = self.district

        estate = self.estate

        id = self.id

        created_at = self.created_at.isoformat()

        building = self.building

        unit = self.unit

        room = self.room

        detail = self.detail

        is_default = self.is_default


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "recipient": recipient,
            "phone": phone,
            "province": province,
            "city": city,
            "district": district,
            "estate": estate,
            "id": id,
            "created_at": created_at,
        })
        if building is not UNSET:
            field_dict["building"] = building
        if unit is not UNSET:
            field_dict["unit"] = unit
        if room is not UNSET:
            field_dict["room"] = room
        if detail is not UNSET:
            field_dict["detail"] = detail
        if is_default is not UNSET:
            field_dict["is_default"] = is_default

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

        id = d.pop("id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        building = d.pop("building", UNSET)

        unit = d.pop("unit", UNSET)

        room = d.pop("room", UNSET)

        detail = d.pop("detail", UNSET)

        is_default = d.pop("is_default", UNSET)

        address_public = cls(
            recipient=recipient,
            phone=phone,
            province=province,
            city=city,
            district=district,
            estate=estate,
            id=id,
            created_at=created_at,
            building=building,
            unit=unit,
            room=room,
            detail=detail,
            is_default=is_default,
        )


        address_public.additional_properties = d
        return address_public

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
