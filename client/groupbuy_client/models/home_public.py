from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.activity_public import ActivityPublic
  from ..models.banner import Banner
  from ..models.section_public import SectionPublic





T = TypeVar("T", bound="HomePublic")



@_attrs_define
class HomePublic:
    """ What the mini-program shows: banners showing now, in order; featured activities still live or
    upcoming; sections without the products, activities and categories that went away.

        Attributes:
            version (int):
            banners (list[Banner]):
            featured_activity_ids (list[int]):
            sections (list[SectionPublic]):
            featured_activities (list[ActivityPublic] | Unset): The featured activities themselves, in ops' order; a flash
                sale's with its stock left and sold_out, as GET /v1/activities/{id}
     """

    version: int
    banners: list[Banner]
    featured_activity_ids: list[int]
    sections: list[SectionPublic]
    featured_activities: list[ActivityPublic] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.activity_public import ActivityPublic # noqa: PLC0415
        from ..models.banner import Banner # noqa: PLC0415
        from ..models.section_public import SectionPublic # noqa: PLC0415
        version = self.version

        banners = []
        for banners_item_data in self.banners:
            banners_item = banners_item_data.to_dict()
            banners.append(banners_item)



        featured_activity_ids = self.featured_activity_ids



        sections = []
        for sections_item_data in self.sections:
            sections_item = sections_item_data.to_dict()
            sections.append(sections_item)



        featured_activities: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.featured_activities, Unset):
            featured_activities = []
            for featured_activities_item_data in self.featured_activities:
                featured_activities_item = featured_activities_item_data.to_dict()
                featured_activities.append(featured_activities_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "version": version,
            "banners": banners,
            "featured_activity_ids": featured_activity_ids,
            "sections": sections,
        })
        if featured_activities is not UNSET:
            field_dict["featured_activities"] = featured_activities

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.activity_public import ActivityPublic # noqa: PLC0415
        from ..models.banner import Banner # noqa: PLC0415
        from ..models.section_public import SectionPublic # noqa: PLC0415
        d = dict(src_dict)
        version = d.pop("version")

        banners = []
        _banners = d.pop("banners")
        for banners_item_data in (_banners):
            banners_item = Banner.from_dict(banners_item_data)



            banners.append(banners_item)


        featured_activity_ids = cast(list[int], d.pop("featured_activity_ids"))


        sections = []
        _sections = d.pop("sections")
        for sections_item_data in (_sections):
            sections_item = SectionPublic.from_dict(sections_item_data)



            sections.append(sections_item)


        _featured_activities = d.pop("featured_activities", UNSET)
        featured_activities: list[ActivityPublic] | Unset = UNSET
        if _featured_activities is not UNSET:
            featured_activities = []
            for featured_activities_item_data in _featured_activities:
                featured_activities_item = ActivityPublic.from_dict(featured_activities_item_data)



                featured_activities.append(featured_activities_item)


        home_public = cls(
            version=version,
            banners=banners,
            featured_activity_ids=featured_activity_ids,
            sections=sections,
            featured_activities=featured_activities,
        )


        home_public.additional_properties = d
        return home_public

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
