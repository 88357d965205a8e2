from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="CutoffResult")



@_attrs_define
class CutoffResult:
    """ 
        Attributes:
            delivery_dates (list[datetime.date]): The delivery days whose sales have closed and were bought
            purchase_orders (list[int]): Purchase orders made or added to by this run
            orders_added (int):
     """

    delivery_dates: list[datetime.date]
    purchase_orders: list[int]
    orders_added: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        delivery_dates = []
        for delivery_dates_item_data in self.delivery_dates:
            delivery_dates_item = delivery_dates_item_data.isoformat()
            delivery_dates.append(delivery_dates_item)



        purchase_orders = self.purchase_orders



        orders_added = self.orders_added


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "delivery_dates": delivery_dates,
            "purchase_orders": purchase_orders,
            "orders_added": orders_added,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        delivery_dates = []
        _delivery_dates = d.pop("delivery_dates")
        for delivery_dates_item_data in (_delivery_dates):
            delivery_dates_item = datetime.date.fromisoformat(delivery_dates_item_data)



            delivery_dates.append(delivery_dates_item)


        purchase_orders = cast(list[int], d.pop("purchase_orders"))


        orders_added = d.pop("orders_added")

        cutoff_result = cls(
            delivery_dates=delivery_dates,
            purchase_orders=purchase_orders,
            orders_added=orders_added,
        )


        cutoff_result.additional_properties = d
        return cutoff_result

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
