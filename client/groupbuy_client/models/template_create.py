from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.template_create_kind import TemplateCreateKind
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.flash_terms import FlashTerms
  from ..models.ladder_terms import LadderTerms





T = TypeVar("T", bound="TemplateCreate")



@_attrs_define
class TemplateCreate:
    """ 
        Attributes:
            name (str):
            rrule (str): RFC 5545 RRULE on Asia/Shanghai, e.g. FREQ=WEEKLY;BYDAY=MO,TU,WE,TH
            start_date (datetime.date):
            start_time (str): Local time of day in Asia/Shanghai, without an offset (JSON Schema's `time` would want one)
            duration_s (int):
            kind (TemplateCreateKind):
            sku_id (int | None | Unset):
            terms (FlashTerms | LadderTerms | None | Unset):
            reward_multiplier (int | None | Unset):
     """

    name: str
    rrule: str
    start_date: datetime.date
    start_time: str
    duration_s: int
    kind: TemplateCreateKind
    sku_id: int | None | Unset = UNSET
    terms: FlashTerms | LadderTerms | None | Unset = UNSET
    reward_multiplier: int | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.flash_terms import FlashTerms # noqa: PLC0415
        from ..models.ladder_terms import LadderTerms # noqa: PLC0415
        name = self.name

        rrule = self.rrule

        start_date = self.start_date.isoformat()

        start_time = self.start_time

        duration_s = self.duration_s

        kind = self.kind.value

        sku_id: int | None | Unset
        if isinstance(self.sku_id, Unset):
            sku_id = UNSET
        else:
            sku_id = self.sku_id

        terms: dict[str, Any] | None | Unset
        if isinstance(self.terms, Unset):
            terms = UNSET
        elif isinstance(self.terms, LadderTerms):
            terms = self.terms.to_dict()
        elif isinstance(self.terms, FlashTerms):
            terms = self.terms.to_dict()
        else:
            terms = self.terms

        reward_multiplier: int | None | Unset
        if isinstance(self.reward_multiplier, Unset):
            reward_multiplier = UNSET
        else:
            reward_multiplier = self.reward_multiplier


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
            "rrule": rrule,
            "start_date": start_date,
            "start_time": start_time,
            "duration_s": duration_s,
            "kind": kind,
        })
        if sku_id is not UNSET:
            field_dict["sku_id"] = sku_id
        if terms is not UNSET:
            field_dict["terms"] = terms
        if reward_multiplier is not UNSET:
            field_dict["reward_multiplier"] = reward_multiplier

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.flash_terms import FlashTerms # noqa: PLC0415
        from ..models.ladder_terms import LadderTerms # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name")

        rrule = d.pop("rrule")

        start_date = datetime.date.fromisoformat(d.pop("start_date"))




        start_time = d.pop("start_time")

        duration_s = d.pop("duration_s")

        kind = TemplateCreateKind(d.pop("kind"))




        def _parse_sku_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        sku_id = _parse_sku_id(d.pop("sku_id", UNSET))


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


        def _parse_reward_multiplier(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        reward_multiplier = _parse_reward_multiplier(d.pop("reward_multiplier", UNSET))


        template_create = cls(
            name=name,
            rrule=rrule,
            start_date=start_date,
            start_time=start_time,
            duration_s=duration_s,
            kind=kind,
            sku_id=sku_id,
            terms=terms,
            reward_multiplier=reward_multiplier,
        )

        return template_create

