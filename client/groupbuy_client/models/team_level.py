from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.team_level_by_membership_level import TeamLevelByMembershipLevel





T = TypeVar("T", bound="TeamLevel")



@_attrs_define
class TeamLevel:
    """ 
        Attributes:
            tree_level (int): 1: the caller's direct referees; 2: theirs; …
            members (int):
            buyers (int): Members with a paid order
            by_membership_level (TeamLevelByMembershipLevel):
            earned_fen (int): Rebates from this level's orders, confirmed and not taken back
     """

    tree_level: int
    members: int
    buyers: int
    by_membership_level: TeamLevelByMembershipLevel
    earned_fen: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.team_level_by_membership_level import TeamLevelByMembershipLevel # noqa: PLC0415
        tree_level = self.tree_level

        members = self.members

        buyers = self.buyers

        by_membership_level = self.by_membership_level.to_dict()

        earned_fen = self.earned_fen


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "tree_level": tree_level,
            "members": members,
            "buyers": buyers,
            "by_membership_level": by_membership_level,
            "earned_fen": earned_fen,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.team_level_by_membership_level import TeamLevelByMembershipLevel # noqa: PLC0415
        d = dict(src_dict)
        tree_level = d.pop("tree_level")

        members = d.pop("members")

        buyers = d.pop("buyers")

        by_membership_level = TeamLevelByMembershipLevel.from_dict(d.pop("by_membership_level"))




        earned_fen = d.pop("earned_fen")

        team_level = cls(
            tree_level=tree_level,
            members=members,
            buyers=buyers,
            by_membership_level=by_membership_level,
            earned_fen=earned_fen,
        )


        team_level.additional_properties = d
        return team_level

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
