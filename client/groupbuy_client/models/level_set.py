from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="LevelSet")



@_attrs_define
class LevelSet:
    """ 
        Attributes:
            level (str):
            reason (str): Why (kept in the level history)
     """

    level: str
    reason: str





    def to_dict(self) -> dict[str, Any]:
        level = self.level

        reason = self.reason


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "level": level,
            "reason": reason,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        level = d.pop("level")

        reason = d.pop("reason")

        level_set = cls(
            level=level,
            reason=reason,
        )

        return level_set

