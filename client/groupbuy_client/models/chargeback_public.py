from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="ChargebackPublic")



@_attrs_define
class ChargebackPublic:
    """ 
        Attributes:
            id (int):
            order_id (int):
            supplier_id (int | None):
            sku_id (int):
            units (int):
            amount_fen (int):
            reason (str):
            source (str):
            source_ref (str):
            created_at (datetime.datetime):
     """

    id: int
    order_id: int
    supplier_id: int | None
    sku_id: int
    units: int
    amount_fen: int
    reason: str
    source: str
    source_ref: str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        order_id = self.order_id

        supplier_id: int | None
        supplier_id = self.supplier_id

        sku_id = self.sku_id

        units = self.units

        amount_fen = self.amount_fen

        reason = self.reason

        source = self.source

        source_ref = self.source_ref

        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "order_id": order_id,
            "supplier_id": supplier_id,
            "sku_id": sku_id,
            "units": units,
            "amount_fen": amount_fen,
            "reason": reason,
            "source": source,
            "source_ref": source_ref,
            "created_at": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        order_id = d.pop("order_id")

        def _parse_supplier_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        supplier_id = _parse_supplier_id(d.pop("supplier_id"))


        sku_id = d.pop("sku_id")

        units = d.pop("units")

        amount_fen = d.pop("amount_fen")

        reason = d.pop("reason")

        source = d.pop("source")

        source_ref = d.pop("source_ref")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        chargeback_public = cls(
            id=id,
            order_id=order_id,
            supplier_id=supplier_id,
            sku_id=sku_id,
            units=units,
            amount_fen=amount_fen,
            reason=reason,
            source=source,
            source_ref=source_ref,
            created_at=created_at,
        )


        chargeback_public.additional_properties = d
        return chargeback_public

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
