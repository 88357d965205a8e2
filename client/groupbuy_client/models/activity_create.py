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





T = TypeVar("T", bound="ActivityCreate")



@_attrs_define
class ActivityCreate:
    """ 
        Attributes:
            title (str):
            sku_id (int):
            starts_at (datetime.datetime):
            ends_at (datetime.datetime):
            terms (FlashTerms | LadderTerms):
            community_ids (list[int] | Unset):
     """

    title: str
    sku_id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    terms: FlashTerms | LadderTerms
    community_ids: list[int] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.flash_terms import FlashTerms # noqa: PLC0415
        from ..models.ladder_terms import LadderTerms # noqa: PLC0415
        title = self.title

        sku_id = self.sku_id

        starts_at = self.starts_at.isoformat()

        ends_at = self.ends_at.isoformat()

        terms: dict[str, Any]
        if isinstance(self.terms, LadderTerms):
            terms = self.terms.to_dict()
        else:
            terms = self.terms.to_dict()


        community_ids: list[int] | Unset = UNSET
        if not isinstance(self.community_ids, Unset):
            community_ids = self.community_ids




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "title": title,
            "sku_id": sku_id,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "terms": terms,
        })
        if community_ids is not UNSET:
            field_dict["community_ids"] = community_ids

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.flash_terms import FlashTerms # noqa: PLC0415
        from ..models.ladder_terms import LadderTerms # noqa: PLC0415
        d = dict(src_dict)
        title = d.pop("title")

        sku_id = d.pop("sku_id")

        starts_at = datetime.datetime.fromisoformat(d.pop("starts_at"))




        ends_at = datetime.datetime.fromisoformat(d.pop("ends_at"))




        def _parse_terms(data: object) -> FlashTerms | LadderTerms:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                terms_type_0 = LadderTerms.from_dict(data)



                return terms_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            terms_type_1 = FlashTerms.from_dict(data)



            return terms_type_1

        terms = _parse_terms(d.pop("terms"))


        community_ids = cast(list[int], d.pop("community_ids", UNSET))


        activity_create = cls(
            title=title,
            sku_id=sku_id,
            starts_at=starts_at,
            ends_at=ends_at,
            terms=terms,
            community_ids=community_ids,
        )

        return activity_create

