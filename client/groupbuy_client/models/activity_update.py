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
  from ..models.flash_terms import FlashTerms
  from ..models.ladder_terms import LadderTerms





T = TypeVar("T", bound="ActivityUpdate")



@_attrs_define
class ActivityUpdate:
    """ 
        Attributes:
            title (None | str | Unset):
            starts_at (datetime.datetime | None | Unset):
            ends_at (datetime.datetime | None | Unset):
            terms (FlashTerms | LadderTerms | None | Unset):
            community_ids (list[int] | None | Unset):
     """

    title: None | str | Unset = UNSET
    starts_at: datetime.datetime | None | Unset = UNSET
    ends_at: datetime.datetime | None | Unset = UNSET
    terms: FlashTerms | LadderTerms | None | Unset = UNSET
    community_ids: list[int] | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.flash_terms import FlashTerms # noqa: PLC0415
        from ..models.ladder_terms import LadderTerms # noqa: PLC0415
        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        starts_at: None | str | Unset
        if isinstance(self.starts_at, Unset):
            starts_at = UNSET
        elif isinstance(self.starts_at, datetime.datetime):
            starts_at = self.starts_at.isoformat()
        else:
            starts_at = self.starts_at

        ends_at: None | str | Unset
        if isinstance(self.ends_at, Unset):
            ends_at = UNSET
        elif isinstance(self.ends_at, datetime.datetime):
            ends_at = self.ends_at.isoformat()
        else:
            ends_at = self.ends_at

        terms: dict[str, Any] | None | Unset
        if isinstance(self.terms, Unset):
            terms = UNSET
        elif isinstance(self.terms, LadderTerms):
            terms = self.terms.to_dict()
        elif isinstance(self.terms, FlashTerms):
            terms = self.terms.to_dict()
        else:
            terms = self.terms

        community_ids: list[int] | None | Unset
        if isinstance(self.community_ids, Unset):
            community_ids = UNSET
        elif isinstance(self.community_ids, list):
            community_ids = self.community_ids


        else:
            community_ids = self.community_ids


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if title is not UNSET:
            field_dict["title"] = title
        if starts_at is not UNSET:
            field_dict["starts_at"] = starts_at
        if ends_at is not UNSET:
            field_dict["ends_at"] = ends_at
        if terms is not UNSET:
            field_dict["terms"] = terms
        if community_ids is not UNSET:
            field_dict["community_ids"] = community_ids

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.flash_terms import FlashTerms # noqa: PLC0415
        from ..models.ladder_terms import LadderTerms # noqa: PLC0415
        d = dict(src_dict)
        def _parse_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        title = _parse_title(d.pop("title", UNSET))


        def _parse_starts_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                starts_at_type_0 = datetime.datetime.fromisoformat(data)



                return starts_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        starts_at = _parse_starts_at(d.pop("starts_at", UNSET))


        def _parse_ends_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_at_type_0 = datetime.datetime.fromisoformat(data)



                return ends_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        ends_at = _parse_ends_at(d.pop("ends_at", UNSET))


        def _parse_terms(data: object) -> FlashTerms | LadderTerms | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                terms_type_0_type_0 = LadderTerms.from_dict(data)



                return terms_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                terms_type_0_type_1 = FlashTerms.from_dict(data)



                return terms_type_0_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FlashTerms | LadderTerms | None | Unset, data)

        terms = _parse_terms(d.pop("terms", UNSET))


        def _parse_community_ids(data: object) -> list[int] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                community_ids_type_0 = cast(list[int], data)

                return community_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[int] | None | Unset, data)

        community_ids = _parse_community_ids(d.pop("community_ids", UNSET))


        activity_update = cls(
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            terms=terms,
            community_ids=community_ids,
        )

        return activity_update

