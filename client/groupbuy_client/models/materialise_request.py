from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="MaterialiseRequest")



@_attrs_define
class MaterialiseRequest:
    """ 
        Attributes:
            days (int | Unset):  Default: 7.
            dry_run (bool | Unset): Only list what would be made (a preview) Default: False.
     """

    days: int | Unset = 7
    dry_run: bool | Unset = False





    def to_dict(self) -> dict[str, Any]:
        days = self.days

        dry_run = self.dry_run


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if days is not UNSET:
            field_dict["days"] = days
        if dry_run is not UNSET:
            field_dict["dry_run"] = dry_run

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        days = d.pop("days", UNSET)

        dry_run = d.pop("dry_run", UNSET)

        materialise_request = cls(
            days=days,
            dry_run=dry_run,
        )

        return materialise_request

