from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.stage_count import StageCount





T = TypeVar("T", bound="Funnel")



@_attrs_define
class Funnel:
    """ Users at each lifecycle stage (every stage listed, 0 where none) and how many in all.

        Attributes:
            community_id (int | None): The community whose members are counted; None: every user
            total (int):
            stages (list[StageCount]):
     """

    community_id: int | None
    total: int
    stages: list[StageCount]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.stage_count import StageCount # noqa: PLC0415
        community_id: int | None
        community_id = self.community_id

        total = self.total

        stages = []
        for stages_item_data in self.stages:
            stages_item = stages_item_data.to_dict()
            stages.append(stages_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "community_id": community_id,
            "total": total,
            "stages": stages,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.stage_count import StageCount # noqa: PLC0415
        d = dict(src_dict)
        def _parse_community_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        community_id = _parse_community_id(d.pop("community_id"))


        total = d.pop("total")

        stages = []
        _stages = d.pop("stages")
        for stages_item_data in (_stages):
            stages_item = StageCount.from_dict(stages_item_data)



            stages.append(stages_item)


        funnel = cls(
            community_id=community_id,
            total=total,
            stages=stages,
        )


        funnel.additional_properties = d
        return funnel

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
