from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.team_level import TeamLevel
  from ..models.team_member import TeamMember





T = TypeVar("T", bound="Team")



@_attrs_define
class Team:
    """ 
        Attributes:
            levels (list[TeamLevel]):
            direct (list[TeamMember]): The most recently bound direct referees (at most 50)
     """

    levels: list[TeamLevel]
    direct: list[TeamMember]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.team_level import TeamLevel # noqa: PLC0415
        from ..models.team_member import TeamMember # noqa: PLC0415
        levels = []
        for levels_item_data in self.levels:
            levels_item = levels_item_data.to_dict()
            levels.append(levels_item)



        direct = []
        for direct_item_data in self.direct:
            direct_item = direct_item_data.to_dict()
            direct.append(direct_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "levels": levels,
            "direct": direct,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.team_level import TeamLevel # noqa: PLC0415
        from ..models.team_member import TeamMember # noqa: PLC0415
        d = dict(src_dict)
        levels = []
        _levels = d.pop("levels")
        for levels_item_data in (_levels):
            levels_item = TeamLevel.from_dict(levels_item_data)



            levels.append(levels_item)


        direct = []
        _direct = d.pop("direct")
        for direct_item_data in (_direct):
            direct_item = TeamMember.from_dict(direct_item_data)



            direct.append(direct_item)


        team = cls(
            levels=levels,
            direct=direct,
        )


        team.additional_properties = d
        return team

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
