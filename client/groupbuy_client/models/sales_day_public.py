from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="SalesDayPublic")



@_attrs_define
class SalesDayPublic:
    """ 
        Attributes:
            sales_day (datetime.date):
            cutoff_at (datetime.datetime):
            delivery_date (datetime.date):
            moved (bool): Ops moved this day's cutoff
            note (None | str | Unset):
     """

    sales_day: datetime.date
    cutoff_at: datetime.datetime
    delivery_date: datetime.date
    moved: bool
    note: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        sales_day = self.sales_day.isoformat()

        cutoff_at = self.cutoff_at.isoformat()

        delivery_date = self.delivery_date.isoformat()

        moved = self.moved

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "sales_day": sales_day,
            "cutoff_at": cutoff_at,
            "delivery_date": delivery_date,
            "moved": moved,
        })
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sales_day = datetime.date.fromisoformat(d.pop("sales_day"))




        cutoff_at = datetime.datetime.fromisoformat(d.pop("cutoff_at"))




        delivery_date = datetime.date.fromisoformat(d.pop("delivery_date"))




        moved = d.pop("moved")

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))


        sales_day_public = cls(
            sales_day=sales_day,
            cutoff_at=cutoff_at,
            delivery_date=delivery_date,
            moved=moved,
            note=note,
        )


        sales_day_public.additional_properties = d
        return sales_day_public

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
