from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="EarlyBird")



@_attrs_define
class EarlyBird:
    """ 门槛: a lower price for orders paid before a time, or for the first N buyers (exactly one of the two).

        Attributes:
            unit_price_fen (int):
            paid_before (datetime.datetime | None | Unset):
            first_n (int | None | Unset):
     """

    unit_price_fen: int
    paid_before: datetime.datetime | None | Unset = UNSET
    first_n: int | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        unit_price_fen = self.unit_price_fen

        paid_before: None | str | Unset
        if isinstance(self.paid_before, Unset):
            paid_before = UNSET
        elif isinstance(self.paid_before, datetime.datetime):
            paid_before = self.paid_before.isoformat()
        else:
            paid_before = self.paid_before

        first_n: int | None | Unset
        if isinstance(self.first_n, Unset):
            first_n = UNSET
        else:
            first_n = self.first_n


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "unit_price_fen": unit_price_fen,
        })
        if paid_before is not UNSET:
            field_dict["paid_before"] = paid_before
        if first_n is not UNSET:
            field_dict["first_n"] = first_n

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        unit_price_fen = d.pop("unit_price_fen")

        def _parse_paid_before(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paid_before_type_0 = datetime.datetime.fromisoformat(data)



                return paid_before_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        paid_before = _parse_paid_before(d.pop("paid_before", UNSET))


        def _parse_first_n(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        first_n = _parse_first_n(d.pop("first_n", UNSET))


        early_bird = cls(
            unit_price_fen=unit_price_fen,
            paid_before=paid_before,
            first_n=first_n,
        )

        return early_bird

