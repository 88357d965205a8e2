from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.ledger_entry_public_kind import LedgerEntryPublicKind
from typing import cast
import datetime






T = TypeVar("T", bound="LedgerEntryPublic")



@_attrs_define
class LedgerEntryPublic:
    """ 
        Attributes:
            id (int):
            order_id (int):
            kind (LedgerEntryPublicKind):
            refund_id (int | None): The refund a reversal answers; None for an earning
            amount_fen (int): The settled amount (earn) or the refunded amount (reverse)
            growth (int):
            points (int):
            created_at (datetime.datetime):
     """

    id: int
    order_id: int
    kind: LedgerEntryPublicKind
    refund_id: int | None
    amount_fen: int
    growth: int
    points: int
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        order_id = self.order_id

        kind = self.kind.value

        refund_id: int | None
        refund_id = self.refund_id

        amount_fen = self.amount_fen

        growth = self.growth

        points = self.points

        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "order_id": order_id,
            "kind": kind,
            "refund_id": refund_id,
            "amount_fen": amount_fen,
            "growth": growth,
            "points": points,
            "created_at": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        order_id = d.pop("order_id")

        kind = LedgerEntryPublicKind(d.pop("kind"))




        def _parse_refund_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        refund_id = _parse_refund_id(d.pop("refund_id"))


        amount_fen = d.pop("amount_fen")

        growth = d.pop("growth")

        points = d.pop("points")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        ledger_entry_public = cls(
            id=id,
            order_id=order_id,
            kind=kind,
            refund_id=refund_id,
            amount_fen=amount_fen,
            growth=growth,
            points=points,
            created_at=created_at,
        )


        ledger_entry_public.additional_properties = d
        return ledger_entry_public

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
