from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.banner import Banner
  from ..models.section import Section





T = TypeVar("T", bound="HomeUpdate")



@_attrs_define
class HomeUpdate:
    """ 
        Attributes:
            banners (list[Banner] | Unset):
            featured_activity_ids (list[int] | Unset):
            sections (list[Section] | Unset):
            version (int | None | Unset): The version this edit is based on, when If-Match is not sent
     """

    banners: list[Banner] | Unset = UNSET
    featured_activity_ids: list[int] | Unset = UNSET
    sections: list[Section] | Unset = UNSET
    version: int | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.banner import Banner # noqa: PLC0415
        from ..models.section import Section # noqa: PLC0415
        banners: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.banners, Unset):
            banners = []
            for banners_item_data in self.banners:
                banners_item = banners_item_data.to_dict()
                banners.append(banners_item)



        featured_activity_ids: list[int] | Unset = UNSET
        if not isinstance(self.featured_activity_ids, Unset):
            featured_activity_ids = self.featured_activity_ids



        sections: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.sections, Unset):
            sections = []
            for sections_item_data in self.sections:
                sections_item = sections_item_data.to_dict()
                sections.append(sections_item)



        version: int | None | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if banners is not UNSET:
            field_dict["banners"] = banners
        if featured_activity_ids is not UNSET:
            field_dict["featured_activity_ids"] = featured_activity_ids
        if sections is not UNSET:
            field_dict["sections"] = sections
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.banner import Banner # noqa: PLC0415
        from ..models.section import Section # noqa: PLC0415
        d = dict(src_dict)
        _banners = d.pop("banners", UNSET)
        banners: list[Banner] | Unset = UNSET
        if _banners is not UNSET:
            banners = []
            for banners_item_data in _banners:
                banners_item = Banner.from_dict(banners_item_data)



                banners.append(banners_item)


        featured_activity_ids = cast(list[int], d.pop("featured_activity_ids", UNSET))


        _sections = d.pop("sections", UNSET)
        sections: list[Section] | Unset = UNSET
        if _sections is not UNSET:
            sections = []
            for sections_item_data in _sections:
                sections_item = Section.from_dict(sections_item_data)



                sections.append(sections_item)


        def _parse_version(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        version = _parse_version(d.pop("version", UNSET))


        home_update = cls(
            banners=banners,
            featured_activity_ids=featured_activity_ids,
            sections=sections,
            version=version,
        )

        return home_update

