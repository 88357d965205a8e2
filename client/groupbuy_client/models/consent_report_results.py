from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.consent_report_results_additional_property import ConsentReportResultsAdditionalProperty






T = TypeVar("T", bound="ConsentReportResults")



@_attrs_define
class ConsentReportResults:
    

    additional_properties: dict[str, ConsentReportResultsAdditionalProperty] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        
        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop.value


        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        consent_report_results = cls(
        )


        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = ConsentReportResultsAdditionalProperty(prop_dict)



            additional_properties[prop_name] = additional_property

        consent_report_results.additional_properties = additional_properties
        return consent_report_results

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> ConsentReportResultsAdditionalProperty:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: ConsentReportResultsAdditionalProperty) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
