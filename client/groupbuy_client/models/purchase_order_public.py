from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.supply_order_status import SupplyOrderStatus
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.purchase_order_line_public import PurchaseOrderLinePublic





T = TypeVar("T", bound="PurchaseOrderPublic")



@_attrs_define
class PurchaseOrderPublic:
    """ 
        Attributes:
            id (int):
            supplier_id (int): 0: the platform's own stock
            delivery_date (datetime.date):
            status (SupplyOrderStatus):
            created_at (datetime.datetime):
            confirmed_at (datetime.datetime | None):
            total_units (int):
            lines (list[PurchaseOrderLinePublic]):
     """

    id: int
    supplier_id: int
    delivery_date: datetime.date
    status: SupplyOrderStatus
    created_at: datetime.datetime
    confirmed_at: datetime.datetime | None
    total_units: int
    lines: list[PurchaseOrderLinePublic]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.purchase_order_line_public import PurchaseOrderLinePublic # noqa: PLC0415
        id = self.id

        supplier_id = self.supplier_id

        delivery_date = self.delivery_date.isoformat()

        status = self.status.value

        created_at = self.created_at.isoformat()

        confirmed_at: None | str
        if isinstance(self.confirmed_at, datetime.datetime):
            confirmed_at = self.confirmed_at.isoformat()
        else:
            confirmed_at = self.confirmed_at

        total_units = self.total_units

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "supplier_id": supplier_id,
            "delivery_date": delivery_date,
            "status": status,
            "created_at": created_at,
            "confirmed_at": confirmed_at,
            "total_units": total_units,
            "lines": lines,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.purchase_order_line_public import PurchaseOrderLinePublic # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        supplier_id = d.pop("supplier_id")

        delivery_date = datetime.date.fromisoformat(d.pop("delivery_date"))




        status = SupplyOrderStatus(d.pop("status"))




        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_confirmed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                confirmed_at_type_0 = datetime.datetime.fromisoformat(data)



                return confirmed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        confirmed_at = _parse_confirmed_at(d.pop("confirmed_at"))


        total_units = d.pop("total_units")

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in (_lines):
            lines_item = PurchaseOrderLinePublic.from_dict(lines_item_data)



            lines.append(lines_item)


        purchase_order_public = cls(
            id=id,
            supplier_id=supplier_id,
            delivery_date=delivery_date,
            status=status,
            created_at=created_at,
            confirmed_at=confirmed_at,
            total_units=total_units,
            lines=lines,
        )


        purchase_order_public.additional_properties = d
        return purchase_order_public

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
