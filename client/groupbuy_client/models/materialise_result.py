from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.planned_occurrence import PlannedOccurrence





T = TypeVar("T", bound="MaterialiseResult")



@_attrs_define
class MaterialiseResult:
    """ 
        Attributes:
            activities_created (int):
            promotion_days_created (int):
            until (datetime.datetime):
            dry_run (bool | Unset):  Default: False.
            planned (list[PlannedOccurrence] | Unset):
     """

    activities_created: int
    promotion_days_created: int
    until: datetime.datetime
    dry_run: bool | Unset = False
    planned: list[PlannedOccurrence] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.planned_occurrence import PlannedOccurrence # noqa: PLC0415
        activities_created = self.activities_created

        promotion_days_created = self.promotion_days_created

        until = self.until.isoformat()

        dry_run = self.dry_run

        planned: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.planned, Unset):
            planned = []
            for planned_item_data in self.planned:
                planned_item = planned_item_data.to_dict()
                planned.append(planned_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "activities_created": activities_created,
            "promotion_days_created": promotion_days_created,
            "until": until,
        })
        if dry_run is not UNSET:
            field_dict["dry_run"] = dry_run
        if planned is not UNSET:
            field_dict["planned"] = planned

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.planned_occurrence import PlannedOccurrence # noqa: PLC0415
        d = dict(src_dict)
        activities_created = d.pop("activities_created")

        promotion_days_created = d.pop("promotion_days_created")

        until = datetime.datetime.fromisoformat(d.pop("until"))




        dry_run = d.pop("dry_run", UNSET)

        _planned = d.pop("planned", UNSET)
        planned: list[PlannedOccurrence] | Unset = UNSET
        if _planned is not UNSET:
            planned = []
            for planned_item_data in _planned:
                planned_item = PlannedOccurrence.from_dict(planned_item_data)



                planned.append(planned_item)


        materialise_result = cls(
            activities_created=activities_created,
            promotion_days_created=promotion_days_created,
            until=until,
            dry_run=dry_run,
            planned=planned,
        )


        materialise_result.additional_properties = d
        return materialise_result

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
