from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="AfterSalesApprove")



@_attrs_define
class AfterSalesApprove:
    """ 
        Attributes:
            amount_fen (int | None | Unset): Less than claimed, when ops settle for less
            note (str | Unset):  Default: ''.
     """

    amount_fen: int | None | Unset = UNSET
    note: str | Unset = ''





    def to_dict(self) -> dict[str, Any]:
        amount_fen: int | None | Unset
        if isinstance(self.amount_fen, Unset):
            amount_fen = UNSET
        else:
            amount_fen = self.amount_fen

        note = self.note


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if amount_fen is not UNSET:
            field_dict["amount_fen"] = amount_fen
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_amount_fen(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        amount_fen = _parse_amount_fen(d.pop("amount_fen", UNSET))


        note = d.pop("note", UNSET)

        after_sales_approve = cls(
            amount_fen=amount_fen,
            note=note,
        )

        return after_sales_approve

