from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.referrals_source_funnel import ReferralsSourceFunnel
  from ..models.scene_funnel import SceneFunnel





T = TypeVar("T", bound="ReferralsFunnel")



@_attrs_define
class ReferralsFunnel:
    """ 
        Attributes:
            sources (list[ReferralsSourceFunnel]):
            scenes (list[SceneFunnel]):
     """

    sources: list[ReferralsSourceFunnel]
    scenes: list[SceneFunnel]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.referrals_source_funnel import ReferralsSourceFunnel # noqa: PLC0415
        from ..models.scene_funnel import SceneFunnel # noqa: PLC0415
        sources = []
        for sources_item_data in self.sources:
            sources_item = sources_item_data.to_dict()
            sources.append(sources_item)



        scenes = []
        for scenes_item_data in self.scenes:
            scenes_item = scenes_item_data.to_dict()
            scenes.append(scenes_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "sources": sources,
            "scenes": scenes,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.referrals_source_funnel import ReferralsSourceFunnel # noqa: PLC0415
        from ..models.scene_funnel import SceneFunnel # noqa: PLC0415
        d = dict(src_dict)
        sources = []
        _sources = d.pop("sources")
        for sources_item_data in (_sources):
            sources_item = ReferralsSourceFunnel.from_dict(sources_item_data)



            sources.append(sources_item)


        scenes = []
        _scenes = d.pop("scenes")
        for scenes_item_data in (_scenes):
            scenes_item = SceneFunnel.from_dict(scenes_item_data)



            scenes.append(scenes_item)


        referrals_funnel = cls(
            sources=sources,
            scenes=scenes,
        )


        referrals_funnel.additional_properties = d
        return referrals_funnel

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
