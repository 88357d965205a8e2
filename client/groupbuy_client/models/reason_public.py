from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="ReasonPublic")



@_attrs_define
class ReasonPublic:
    """ 
        Attributes:
            code (str):
            label (str): zh-CN, as the mini-program shows it
            label_en (str):
            quality_claim (bool): The supplier's fault: an approved claim is charged back to them
     """

    code: str
    label: str
    label_en: str
    quality_claim: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        code = self.code

        label = self.label

        label_en = self.label_en

        quality_claim = self.quality_claim


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "code": code,
            "label": label,
            "label_en": label_en,
            "quality_claim": quality_claim,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        label = d.pop("label")

        label_en = d.pop("label_en")

        quality_claim = d.pop("quality_claim")

        reason_public = cls(
            code=code,
            label=label,
            label_en=label_en,
            quality_claim=quality_claim,
        )


        reason_public.additional_properties = d
        return reason_public

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
