from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="PlannedOccurrence")



@_attrs_define
class PlannedOccurrence:
    """ 
        Attributes:
            template_id (int):
            name (str):
            kind (str):
            starts_at (datetime.datetime):
            ends_at (datetime.datetime):
            exists (bool): Made already (by an earlier run or the scheduler)
     """

    template_id: int
    name: str
    kind: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    exists: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        template_id = self.template_id

        name = self.name

        kind = self.kind

        starts_at = self.starts_at.isoformat()

        ends_at = self.ends_at.isoformat()

        exists = self.exists


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "template_id": template_id,
            "name": name,
            "kind": kind,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "exists": exists,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        template_id = d.pop("template_id")

        name = d.pop("name")

        kind = d.pop("kind")

        starts_at = datetime.datetime.fromisoformat(d.pop("starts_at"))




        ends_at = datetime.datetime.fromisoformat(d.pop("ends_at"))




        exists = d.pop("exists")

        planned_occurrence = cls(
            template_id=template_id,
            name=name,
            kind=kind,
            starts_at=starts_at,
            ends_at=ends_at,
            exists=exists,
        )


        planned_occurrence.additional_properties = d
        return planned_occurrence

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
