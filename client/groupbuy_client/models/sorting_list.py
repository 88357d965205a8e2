from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.sorting_row import SortingRow





T = TypeVar("T", bound="SortingList")



@_attrs_define
class SortingList:
    """ 
        Attributes:
            delivery_date (datetime.date):
            rows (list[SortingRow]):
     """

    delivery_date: datetime.date
    rows: list[SortingRow]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.sorting_row import SortingRow # noqa: PLC0415
        delivery_date = self.delivery_date.isoformat()

        rows = []
        for rows_item_data in self.rows:
            rows_item = rows_item_data.to_dict()
            rows.append(rows_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "delivery_date": delivery_date,
            "rows": rows,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sorting_row import SortingRow # noqa: PLC0415
        d = dict(src_dict)
        delivery_date = datetime.date.fromisoformat(d.pop("delivery_date"))




        rows = []
        _rows = d.pop("rows")
        for rows_item_data in (_rows):
            rows_item = SortingRow.from_dict(rows_item_data)



            rows.append(rows_item)


        sorting_list = cls(
            delivery_date=delivery_date,
            rows=rows,
        )


        sorting_list.additional_properties = d
        return sorting_list

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
