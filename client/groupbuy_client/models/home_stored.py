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
  from ..models.banner import Banner
  from ..models.section import Section





T = TypeVar("T", bound="HomeStored")



@_attrs_define
class HomeStored:
    """ The document as ops wrote it, with its version.

        Attributes:
            version (int):
            updated_at (datetime.datetime | None):
            banners (list[Banner] | Unset):
            featured_activity_ids (list[int] | Unset):
            sections (list[Section] | Unset):
     """

    version: int
    updated_at: datetime.datetime | None
    banners: list[Banner] | Unset = UNSET
    featured_activity_ids: list[int] | Unset = UNSET
    sections: list[Section] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.banner import Banner # noqa: PLC0415
        from ..models.section import Section # noqa: PLC0415
        version = self.version

        updated_at: None | str
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

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




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "version": version,
            "updated_at": updated_at,
        })
        if banners is not UNSET:
            field_dict["banners"] = banners
        if featured_activity_ids is not UNSET:
            field_dict["featured_activity_ids"] = featured_activity_ids
        if sections is not UNSET:
            field_dict["sections"] = sections

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.banner import Banner # noqa: PLC0415
        from ..models.section import Section # noqa: PLC0415
        d = dict(src_dict)
        version = d.pop("version")

        def _parse_updated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)



                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        updated_at = _parse_updated_at(d.pop("updated_at"))


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


        home_stored = cls(
            version=version,
            updated_at=updated_at,
            banners=banners,
            featured_activity_ids=featured_activity_ids,
            sections=sections,
        )

        return home_stored

