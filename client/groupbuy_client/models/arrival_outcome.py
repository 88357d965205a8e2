from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.arrival_outcome_refunded_orders import ArrivalOutcomeRefundedOrders





T = TypeVar("T", bound="ArrivalOutcome")



@_attrs_define
class ArrivalOutcome:
    """ 
        Attributes:
            community_id (int):
            date (datetime.date):
            arrived_orders (list[int]):
            refunded_orders (ArrivalOutcomeRefundedOrders): Order id → units refunded as a shortage
     """

    community_id: int
    date: datetime.date
    arrived_orders: list[int]
    refunded_orders: ArrivalOutcomeRefundedOrders
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.arrival_outcome_refunded_orders import ArrivalOutcomeRefundedOrders # noqa: PLC0415
        community_id = self.community_id

        date = self.date.isoformat()

        arrived_orders = self.arrived_orders



        refunded_orders = self.refunded_orders.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "community_id": community_id,
            "date": date,
            "arrived_orders": arrived_orders,
            "refunded_orders": refunded_orders,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.arrival_outcome_refunded_orders import ArrivalOutcomeRefundedOrders # noqa: PLC0415
        d = dict(src_dict)
        community_id = d.pop("community_id")

        date = datetime.date.fromisoformat(d.pop("date"))




        arrived_orders = cast(list[int], d.pop("arrived_orders"))


        refunded_orders = ArrivalOutcomeRefundedOrders.from_dict(d.pop("refunded_orders"))




        arrival_outcome = cls(
            community_id=community_id,
            date=date,
            arrived_orders=arrived_orders,
            refunded_orders=refunded_orders,
        )


        arrival_outcome.additional_properties = d
        return arrival_outcome

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
