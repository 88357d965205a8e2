from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.consent_report_results import ConsentReportResults





T = TypeVar("T", bound="ConsentReport")



@_attrs_define
class ConsentReport:
    """ ``wx.requestSubscribeMessage``'s answer, as the mini-program received it.

        Attributes:
            results (ConsentReportResults):
     """

    results: ConsentReportResults





    def to_dict(self) -> dict[str, Any]:
        from ..models.consent_report_results import ConsentReportResults # noqa: PLC0415
        results = self.results.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "results": results,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.consent_report_results import ConsentReportResults # noqa: PLC0415
        d = dict(src_dict)
        results = ConsentReportResults.from_dict(d.pop("results"))




        consent_report = cls(
            results=results,
        )

        return consent_report

