from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.batch_line_outcome import BatchLineOutcome
from ..models.order_status import OrderStatus
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="BatchLine")



@_attrs_define
class BatchLine:
    """ What one batch did to one order.

        Attributes:
            order_id (int):
            order_no (str):
            product_name (str):
            sku_id (int):
            quantity (int):
            outcome (BatchLineOutcome):
            status (OrderStatus):
            detail (None | str | Unset):
     """

    order_id: int
    order_no: str
    product_name: str
    sku_id: int
    quantity: int
    outcome: BatchLineOutcome
    status: OrderStatus
    detail: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        order_id = self.order_id

        order_no = self.order_no

        product_name = self.product_name

        sku_id = self.sku_id

        quantity = self.quantity

        outcome = self.outcome.value

        status = self.status.value

        detail: None | str | Unset
        if isinstance(self.detail, Unset):
            detail = UNSET
        else:
            detail = self.detail


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "order_id": order_id,
            "order_no": order_no,
            "product_name": product_name,
            "sku_id": sku_id,
            "quantity": quantity,
            "outcome": outcome,
            "status": status,
        })
        if detail is not UNSET:
            field_dict["detail"] = detail

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        order_id = d.pop("order_id")

        order_no = d.pop("order_no")

        product_name = d.pop("product_name")

        sku_id = d.pop("sku_id")

        quantity = d.pop("quantity")

        outcome = BatchLineOutcome(d.pop("outcome"))




        status = OrderStatus(d.pop("status"))




        def _parse_detail(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        detail = _parse_detail(d.pop("detail", UNSET))


        batch_line = cls(
            order_id=order_id,
            order_no=order_no,
            product_name=product_name,
            sku_id=sku_id,
            quantity=quantity,
            outcome=outcome,
            status=status,
            detail=detail,
        )


        batch_line.additional_properties = d
        return batch_line

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
