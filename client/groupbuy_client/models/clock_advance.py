from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="ClockAdvance")



@_attrs_define
class ClockAdvance:
    """ 
        Attributes:
            advance_seconds (float): How far to move every clock forward
     """

    advance_seconds: float





    def to_dict(self) -> dict[str, Any]:
        advance_seconds = self.advance_seconds


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "advance_seconds": advance_seconds,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        advance_seconds = d.pop("advance_seconds")

        clock_advance = cls(
            advance_seconds=advance_seconds,
        )

        return clock_advance

