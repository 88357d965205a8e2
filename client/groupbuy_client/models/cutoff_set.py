from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="CutoffSet")



@_attrs_define
class CutoffSet:
    """ Move one sales day's cutoff (a holiday): orders paid before ``cutoff_at`` belong to that day.

        Attributes:
            sales_day (datetime.date):
            cutoff_at (datetime.datetime): An instant with its UTC offset
            note (None | str | Unset):
     """

    sales_day: datetime.date
    cutoff_at: datetime.datetime
    note: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        sales_day = self.sales_day.isoformat()

        cutoff_at = self.cutoff_at.isoformat()

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "sales_day": sales_day,
            "cutoff_at": cutoff_at,
        })
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sales_day = datetime.date.fromisoformat(d.pop("sales_day"))




        cutoff_at = datetime.datetime.fromisoformat(d.pop("cutoff_at"))




        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))


        cutoff_set = cls(
            sales_day=sales_day,
            cutoff_at=cutoff_at,
            note=note,
        )

        return cutoff_set

