from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="TeamMember")



@_attrs_define
class TeamMember:
    """ A direct referee, without personal data.

        Attributes:
            member (str): A masked reference, e.g. 用户***27
            level (str):
            bound_at (datetime.datetime):
            has_paid (bool):
            earned_fen (int): Rebates from their orders, confirmed and not taken back
     """

    member: str
    level: str
    bound_at: datetime.datetime
    has_paid: bool
    earned_fen: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        member = self.member

        level = self.level

        bound_at = self.bound_at.isoformat()

        has_paid = self.has_paid

        earned_fen = self.earned_fen


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "member": member,
            "level": level,
            "bound_at": bound_at,
            "has_paid": has_paid,
            "earned_fen": earned_fen,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        member = d.pop("member")

        level = d.pop("level")

        bound_at = datetime.datetime.fromisoformat(d.pop("bound_at"))




        has_paid = d.pop("has_paid")

        earned_fen = d.pop("earned_fen")

        team_member = cls(
            member=member,
            level=level,
            bound_at=bound_at,
            has_paid=has_paid,
            earned_fen=earned_fen,
        )


        team_member.additional_properties = d
        return team_member

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
