from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.order_status import OrderStatus
from typing import cast

if TYPE_CHECKING:
  from ..models.history_entry import HistoryEntry





T = TypeVar("T", bound="OrderHistory")



@_attrs_define
class OrderHistory:
    """ Every change of the order's state, oldest first.

        Attributes:
            order_id (int):
            order_no (str):
            status (OrderStatus):
            entries (list[HistoryEntry]):
     """

    order_id: int
    order_no: str
    status: OrderStatus
    entries: list[HistoryEntry]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.history_entry import HistoryEntry # noqa: PLC0415
        order_id = self.order_id

        order_no = self.order_no

        status = self.status.value

        entries = []
        for entries_item_data in self.entries:
            entries_item = entries_item_data.to_dict()
            entries.append(entries_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "order_id": order_id,
            "order_no": order_no,
            "status": status,
            "entries": entries,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.history_entry import HistoryEntry # noqa: PLC0415
        d = dict(src_dict)
        order_id = d.pop("order_id")

        order_no = d.pop("order_no")

        status = OrderStatus(d.pop("status"))




        entries = []
        _entries = d.pop("entries")
        for entries_item_data in (_entries):
            entries_item = HistoryEntry.from_dict(entries_item_data)



            entries.append(entries_item)


        order_history = cls(
            order_id=order_id,
            order_no=order_no,
            status=status,
            entries=entries,
        )


        order_history.additional_properties = d
        return order_history

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
