from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="PickupRow")



@_attrs_define
class PickupRow:
    """ What one address collects of one SKU on the day.

        Attributes:
            address (str): As the buyer typed it, from the estate down
            recipients (list[str]): Masked: 王* 138****0000
            product_id (int):
            product_name (str):
            sku_id (int):
            orders (int):
            quantity (int):
            picked_up_orders (int): Of ``orders``, those already picked up by the end of the day
            order_nos (list[str]):
     """

    address: str
    recipients: list[str]
    product_id: int
    product_name: str
    sku_id: int
    orders: int
    quantity: int
    picked_up_orders: int
    order_nos: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        address = self.address

        recipients = self.recipients



        product_id = self.product_id

        product_name = self.product_name

        sku_id = self.sku_id

        orders = self.orders

        quantity = self.quantity

        picked_up_orders = self.picked_up_orders

        order_nos = self.order_nos




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "address": address,
            "recipients": recipients,
            "product_id": product_id,
            "product_name": product_name,
            "sku_id": sku_id,
            "orders": orders,
            "quantity": quantity,
            "picked_up_orders": picked_up_orders,
            "order_nos": order_nos,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        address = d.pop("address")

        recipients = cast(list[str], d.pop("recipients"))


        product_id = d.pop("product_id")

        product_name = d.pop("product_name")

        sku_id = d.pop("sku_id")

        orders = d.pop("orders")

        quantity = d.pop("quantity")

        picked_up_orders = d.pop("picked_up_orders")

        order_nos = cast(list[str], d.pop("order_nos"))


        pickup_row = cls(
            address=address,
            recipients=recipients,
            product_id=product_id,
            product_name=product_name,
            sku_id=sku_id,
            orders=orders,
            quantity=quantity,
            picked_up_orders=picked_up_orders,
            order_nos=order_nos,
        )


        pickup_row.additional_properties = d
        return pickup_row

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
