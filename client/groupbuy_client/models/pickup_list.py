from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.pickup_row import PickupRow





T = TypeVar("T", bound="PickupList")



@_attrs_define
class PickupList:
    """ A community's pickup sheet for one business day (Asia/Shanghai).

        Attributes:
            community_id (int):
            date (datetime.date):
            timezone (str):
            orders (int):
            quantity (int):
            picked_up_orders (int):
            rows (list[PickupRow]):
     """

    community_id: int
    date: datetime.date
    timezone: str
    orders: int
    quantity: int
    picked_up_orders: int
    rows: list[PickupRow]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.pickup_row import PickupRow # noqa: PLC0415
        community_id = self.community_id

        date = self.date.isoformat()

        timezone = self.timezone

        orders = self.orders

        quantity = self.quantity

        picked_up_orders = self.picked_up_orders

        rows = []
        for rows_item_data in self.rows:
            rows_item = rows_item_data.to_dict()
            rows.append(rows_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "community_id": community_id,
            "date": date,
            "timezone": timezone,
            "orders": orders,
            "quantity": quantity,
            "picked_up_orders": picked_up_orders,
            "rows": rows,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pickup_row import PickupRow # noqa: PLC0415
        d = dict(src_dict)
        community_id = d.pop("community_id")

        date = datetime.date.fromisoformat(d.pop("date"))




        timezone = d.pop("timezone")

        orders = d.pop("orders")

        quantity = d.pop("quantity")

        picked_up_orders = d.pop("picked_up_orders")

        rows = []
        _rows = d.pop("rows")
        for rows_item_data in (_rows):
            rows_item = PickupRow.from_dict(rows_item_data)



            rows.append(rows_item)


        pickup_list = cls(
            community_id=community_id,
            date=date,
            timezone=timezone,
            orders=orders,
            quantity=quantity,
            picked_up_orders=picked_up_orders,
            rows=rows,
        )


        pickup_list.additional_properties = d
        return pickup_list

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
