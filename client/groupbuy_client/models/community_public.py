from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="CommunityPublic")



@_attrs_define
class CommunityPublic:
    """ 
        Attributes:
            name (str):
            province (str):
            city (str):
            district (str):
            estate (str):
            pickup_point (str): Where the leader hands orders out
            id (int):
            leader (None | str): The leader's nickname, masked
            members (int):
            created_at (datetime.datetime):
            building (str | Unset): Empty: the whole estate Default: ''.
     """

    name: str
    province: str
    city: str
    district: str
    estate: str
    pickup_point: str
    id: int
    leader: None | str
    members: int
    created_at: datetime.datetime
    building: str | Unset = ''
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        province = self.province

        city = self.city

        district = self.district

        estate = self.estate

        pickup_point = self.pickup_point

        id = self.id

        leader: None | str
        leader = self.leader

        members = self.members

        created_at = self.created_at.isoformat()

        building = self.building


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "name": name,
            "province": province,
            "city": city,
            "district": district,
            "estate": estate,
            "pickup_point": pickup_point,
            "id": id,
            "leader": leader,
            "members": members,
            "created_at": created_at,
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

        id = d.pop("id")

        def _parse_leader(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        leader = _parse_leader(d.pop("leader"))


        members = d.pop("members")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        building = d.pop("building", UNSET)

        community_public = cls(
            name=name,
            province=province,
            city=city,
            district=district,
            estate=estate,
            pickup_point=pickup_point,
            id=id,
            leader=leader,
            members=members,
            created_at=created_at,
            building=building,
        )


        community_public.additional_properties = d
        return community_public

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
