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
  from ..models.arrival_line import ArrivalLine





T = TypeVar("T", bound="ArrivalReport")



@_attrs_define
class ArrivalReport:
    """ The leader's count of what arrived, per SKU: ``received`` + ``short`` + ``damaged`` = what was sent.

        Attributes:
            community_id (int):
            date (datetime.date | None | Unset): The delivery day; today when left out
            lines (list[ArrivalLine] | Unset):
     """

    community_id: int
    date: datetime.date | None | Unset = UNSET
    lines: list[ArrivalLine] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.arrival_line import ArrivalLine # noqa: PLC0415
        community_id = self.community_id

        date: None | str | Unset
        if isinstance(self.date, Unset):
            date = UNSET
        elif isinstance(self.date, datetime.date):
            date = self.date.isoformat()
        else:
            date = self.date

        lines: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.lines, Unset):
            lines = []
            for lines_item_data in self.lines:
                lines_item = lines_item_data.to_dict()
                lines.append(lines_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "community_id": community_id,
        })
        if date is not UNSET:
            field_dict["date"] = date
        if lines is not UNSET:
            field_dict["lines"] = lines

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.arrival_line import ArrivalLine # noqa: PLC0415
        d = dict(src_dict)
        community_id = d.pop("community_id")

        def _parse_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                date_type_0 = datetime.date.fromisoformat(data)



                return date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        date = _parse_date(d.pop("date", UNSET))


        _lines = d.pop("lines", UNSET)
        lines: list[ArrivalLine] | Unset = UNSET
        if _lines is not UNSET:
            lines = []
            for lines_item_data in _lines:
                lines_item = ArrivalLine.from_dict(lines_item_data)



                lines.append(lines_item)


        arrival_report = cls(
            community_id=community_id,
            date=date,
            lines=lines,
        )

        return arrival_report

