from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.community_public import CommunityPublic





T = TypeVar("T", bound="MyCommunity")



@_attrs_define
class MyCommunity:
    """ 
        Attributes:
            community (CommunityPublic):
            joined_at (datetime.datetime):
            i_lead_it (bool):
     """

    community: CommunityPublic
    joined_at: datetime.datetime
    i_lead_it: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.community_public import CommunityPublic # noqa: PLC0415
        community = self.community.to_dict()

        joined_at = self.joined_at.isoformat()

        i_lead_it = self.i_lead_it


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "community": community,
            "joined_at": joined_at,
            "i_lead_it": i_lead_it,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.community_public import CommunityPublic # noqa: PLC0415
        d = dict(src_dict)
        community = CommunityPublic.from_dict(d.pop("community"))




        joined_at = datetime.datetime.fromisoformat(d.pop("joined_at"))




        i_lead_it = d.pop("i_lead_it")

        my_community = cls(
            community=community,
            joined_at=joined_at,
            i_lead_it=i_lead_it,
        )


        my_community.additional_properties = d
        return my_community

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
