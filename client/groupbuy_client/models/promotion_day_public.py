from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="PromotionDayPublic")



@_attrs_define
class PromotionDayPublic:
    """ 
        Attributes:
            id (int):
            starts_at (datetime.datetime):
            ends_at (datetime.datetime):
            reward_multiplier (int):
     """

    id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    reward_multiplier: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        starts_at = self.starts_at.isoformat()

        ends_at = self.ends_at.isoformat()

        reward_multiplier = self.reward_multiplier


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "reward_multiplier": reward_multiplier,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        starts_at = datetime.datetime.fromisoformat(d.pop("starts_at"))




        ends_at = datetime.datetime.fromisoformat(d.pop("ends_at"))




        reward_multiplier = d.pop("reward_multiplier")

        promotion_day_public = cls(
            id=id,
            starts_at=starts_at,
            ends_at=ends_at,
            reward_multiplier=reward_multiplier,
        )


        promotion_day_public.additional_properties = d
        return promotion_day_public

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
