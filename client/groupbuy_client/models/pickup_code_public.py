from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.order_public import OrderPublic





T = TypeVar("T", bound="PickupCodePublic")



@_attrs_define
class PickupCodePublic:
    """ The buyer's code for one community and day, with the orders it hands out.

        Attributes:
            community_id (int):
            date (datetime.date):
            code (str): Eight digits, shown as two groups of four
            qr_payload (str): What the mini-program draws as a QR image for the leader to scan
            used_at (datetime.datetime | None): The last hand-out with this code
            orders (list[OrderPublic]): Waiting at the pickup point, or picked up that day
     """

    community_id: int
    date: datetime.date
    code: str
    qr_payload: str
    used_at: datetime.datetime | None
    orders: list[OrderPublic]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.order_public import OrderPublic # noqa: PLC0415
        community_id = self.community_id

        date = self.date.isoformat()

        code = self.code

        qr_payload = self.qr_payload

        used_at: None | str
        if isinstance(self.used_at, datetime.datetime):
            used_at = self.used_at.isoformat()
        else:
            used_at = self.used_at

        orders = []
        for orders_item_data in self.orders:
            orders_item = orders_item_data.to_dict()
            orders.append(orders_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "community_id": community_id,
            "date": date,
            "code": code,
            "qr_payload": qr_payload,
            "used_at": used_at,
            "orders": orders,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.order_public import OrderPublic # noqa: PLC0415
        d = dict(src_dict)
        community_id = d.pop("community_id")

        date = datetime.date.fromisoformat(d.pop("date"))




        code = d.pop("code")

        qr_payload = d.pop("qr_payload")

        def _parse_used_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                used_at_type_0 = datetime.datetime.fromisoformat(data)



                return used_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        used_at = _parse_used_at(d.pop("used_at"))


        orders = []
        _orders = d.pop("orders")
        for orders_item_data in (_orders):
            orders_item = OrderPublic.from_dict(orders_item_data)



            orders.append(orders_item)


        pickup_code_public = cls(
            community_id=community_id,
            date=date,
            code=code,
            qr_payload=qr_payload,
            used_at=used_at,
            orders=orders,
        )


        pickup_code_public.additional_properties = d
        return pickup_code_public

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
