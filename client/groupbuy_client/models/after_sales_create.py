from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.kind import Kind
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="AfterSalesCreate")



@_attrs_define
class AfterSalesCreate:
    """ A claim on one's own paid order: by units (``quantity``) or in fen (``amount_fen``); neither: all
    that is left to refund.

        Attributes:
            kind (Kind):
            reason_code (str):
            quantity (int | None | Unset):
            amount_fen (int | None | Unset):
            note (str | Unset):  Default: ''.
            image_urls (list[str] | Unset):
     """

    kind: Kind
    reason_code: str
    quantity: int | None | Unset = UNSET
    amount_fen: int | None | Unset = UNSET
    note: str | Unset = ''
    image_urls: list[str] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        reason_code = self.reason_code

        quantity: int | None | Unset
        if isinstance(self.quantity, Unset):
            quantity = UNSET
        else:
            quantity = self.quantity

        amount_fen: int | None | Unset
        if isinstance(self.amount_fen, Unset):
            amount_fen = UNSET
        else:
            amount_fen = self.amount_fen

        note = self.note

        image_urls: list[str] | Unset = UNSET
        if not isinstance(self.image_urls, Unset):
            image_urls = self.image_urls




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "kind": kind,
            "reason_code": reason_code,
        })
        if quantity is not UNSET:
            field_dict["quantity"] = quantity
        if amount_fen is not UNSET:
            field_dict["amount_fen"] = amount_fen
        if note is not UNSET:
            field_dict["note"] = note
        if image_urls is not UNSET:
            field_dict["image_urls"] = image_urls

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = Kind(d.pop("kind"))




        reason_code = d.pop("reason_code")

        def _parse_quantity(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        quantity = _parse_quantity(d.pop("quantity", UNSET))


        def _parse_amount_fen(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        amount_fen = _parse_amount_fen(d.pop("amount_fen", UNSET))


        note = d.pop("note", UNSET)

        image_urls = cast(list[str], d.pop("image_urls", UNSET))


        after_sales_create = cls(
            kind=kind,
            reason_code=reason_code,
            quantity=quantity,
            amount_fen=amount_fen,
            note=note,
            image_urls=image_urls,
        )

        return after_sales_create

