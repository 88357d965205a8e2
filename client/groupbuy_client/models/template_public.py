from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.template_public_terms_type_0 import TemplatePublicTermsType0





T = TypeVar("T", bound="TemplatePublic")



@_attrs_define
class TemplatePublic:
    """ 
        Attributes:
            id (int):
            name (str):
            rrule (str):
            start_date (datetime.date):
            start_time (str): Local time of day in Asia/Shanghai, without an offset (JSON Schema's `time` would want one)
            duration_s (int):
            kind (str):
            sku_id (int | None):
            terms (None | TemplatePublicTermsType0):
            reward_multiplier (int | None):
            active (bool):
     """

    id: int
    name: str
    rrule: str
    start_date: datetime.date
    start_time: str
    duration_s: int
    kind: str
    sku_id: int | None
    terms: None | TemplatePublicTermsType0
    reward_multiplier: int | None
    active: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.template_public_terms_type_0 import TemplatePublicTermsType0 # noqa: PLC0415
        id = self.id

        name = self.name

        rrule = self.rrule

        start_date = self.start_date.isoformat()

        start_time = self.start_time

        duration_s = self.duration_s

        kind = self.kind

        sku_id: int | None
        sku_id = self.sku_id

        terms: dict[str, Any] | None
        if isinstance(self.terms, TemplatePublicTermsType0):
            terms = self.terms.to_dict()
        else:
            terms = self.terms

        reward_multiplier: int | None
        reward_multiplier = self.reward_multiplier

        active = self.active


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "name": name,
            "rrule": rrule,
            "start_date": start_date,
            "start_time": start_time,
            "duration_s": duration_s,
            "kind": kind,
            "sku_id": sku_id,
            "terms": terms,
            "reward_multiplier": reward_multiplier,
            "active": active,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.template_public_terms_type_0 import TemplatePublicTermsType0 # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        rrule = d.pop("rrule")

        start_date = datetime.date.fromisoformat(d.pop("start_date"))




        start_time = d.pop("start_time")

        duration_s = d.pop("duration_s")

        kind = d.pop("kind")

        def _parse_sku_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        sku_id = _parse_sku_id(d.pop("sku_id"))


        def _parse_terms(data: object) -> None | TemplatePublicTermsType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                terms_type_0 = TemplatePublicTermsType0.from_dict(data)



                return terms_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TemplatePublicTermsType0, data)

        terms = _parse_terms(d.pop("terms"))


        def _parse_reward_multiplier(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        reward_multiplier = _parse_reward_multiplier(d.pop("reward_multiplier"))


        active = d.pop("active")

        template_public = cls(
            id=id,
            name=name,
            rrule=rrule,
            start_date=start_date,
            start_time=start_time,
            duration_s=duration_s,
            kind=kind,
            sku_id=sku_id,
            terms=terms,
            reward_multiplier=reward_multiplier,
            active=active,
        )


        template_public.additional_properties = d
        return template_public

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
