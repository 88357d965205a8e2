from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.order_kind import OrderKind
from ..models.order_status import OrderStatus
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.order_placed_address_type_0 import OrderPlacedAddressType0
  from ..models.payment_request import PaymentRequest
  from ..models.refund_line import RefundLine





T = TypeVar("T", bound="OrderPlaced")



@_attrs_define
class OrderPlaced:
    """ 
        Attributes:
            id (int):
            order_no (str):
            user_id (int):
            kind (OrderKind):
            status (OrderStatus):
            sku_id (int):
            product_id (int):
            product_name (str):
            activity_id (int | None):
            group_id (int | None):
            quantity (int):
            unit_price_fen (int):
            price_rule (str):
            amount_fen (int):
            settled_amount_fen (int | None):
            refunded_fen (int):
            address (None | OrderPlacedAddressType0):
            created_at (datetime.datetime):
            pay_deadline (datetime.datetime):
            paid_at (datetime.datetime | None):
            confirmed_at (datetime.datetime | None):
            shipped_at (datetime.datetime | None):
            delivered_at (datetime.datetime | None):
            completed_at (datetime.datetime | None):
            community_id (int | None):
            leader_user_id (int | None): The community's leader when it was placed
            delivery_date (datetime.date | None): The business day (Asia/Shanghai) it is handed out at the pickup point; set
                when it is shipped
            cancelled_at (datetime.datetime | None):
            cancel_reason (None | str):
            source_kind (None | str | Unset): What brought the buyer: scene, share_card, poster, leader_code (the order's
                ``source``)
            source_share (None | str | Unset): The share: g<group id> (a group's link) or s<scene>
            refunds (list[RefundLine] | Unset): Every refund and after-sales claim of the order, oldest first (on GET
                /v1/orders and GET /v1/orders/{id})
            payment (None | PaymentRequest | Unset):
     """

    id: int
    order_no: str
    user_id: int
    kind: OrderKind
    status: OrderStatus
    sku_id: int
    product_id: int
    product_name: str
    activity_id: int | None
    group_id: int | None
    quantity: int
    unit_price_fen: int
    price_rule: str
    amount_fen: int
    settled_amount_fen: int | None
    refunded_fen: int
    address: None | OrderPlacedAddressType0
    created_at: datetime.datetime
    pay_deadline: datetime.datetime
    paid_at: datetime.datetime | None
    confirmed_at: datetime.datetime | None
    shipped_at: datetime.datetime | None
    delivered_at: datetime.datetime | None
    completed_at: datetime.datetime | None
    community_id: int | None
    leader_user_id: int | None
    delivery_date: datetime.date | None
    cancelled_at: datetime.datetime | None
    cancel_reason: None | str
    source_kind: None | str | Unset = UNSET
    source_share: None | str | Unset = UNSET
    refunds: list[RefundLine] | Unset = UNSET
    payment: None | PaymentRequest | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.order_placed_address_type_0 import OrderPlacedAddressType0 # noqa: PLC0415
        from ..models.payment_request import PaymentRequest # noqa: PLC0415
        from ..models.refund_line import RefundLine # noqa: PLC0415
        id = self.id

        order_no = self.order_no

        user_id = self.user_id

        kind = self.kind.value

        status = self.status.value

        sku_id = self.sku_id

        product_id = self.product_id

        product_name = self.product_name

        activity_id: int | None
        activity_id = self.activity_id

        group_id: int | None
        group_id = self.group_id

        quantity = self.quantity

        unit_price_fen = self.unit_price_fen

        price_rule = self.price_rule

        amount_fen = self.amount_fen

        settled_amount_fen: int | None
        settled_amount_fen = self.settled_amount_fen

        refunded_fen = self.refunded_fen

        address: dict[str, Any] | None
        if isinstance(self.address, OrderPlacedAddressType0):
            address = self.address.to_dict()
        else:
            address = self.address

        created_at = self.created_at.isoformat()

        pay_deadline = self.pay_deadline.isoformat()

        paid_at: None | str
        if isinstance(self.paid_at, datetime.datetime):
            paid_at = self.paid_at.isoformat()
        else:
            paid_at = self.paid_at

        confirmed_at: None | str
        if isinstance(self.confirmed_at, datetime.datetime):
            confirmed_at = self.confirmed_at.isoformat()
        else:
            confirmed_at = self.confirmed_at

        shipped_at: None | str
        if isinstance(self.shipped_at, datetime.datetime):
            shipped_at = self.shipped_at.isoformat()
        else:
            shipped_at = self.shipped_at

        delivered_at: None | str
        if isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        completed_at: None | str
        if isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        community_id: int | None
        community_id = self.community_id

        leader_user_id: int | None
        leader_user_id = self.leader_user_id

        delivery_date: None | str
        if isinstance(self.delivery_date, datetime.date):
            delivery_date = self.delivery_date.isoformat()
        else:
            delivery_date = self.delivery_date

        cancelled_at: None | str
        if isinstance(self.cancelled_at, datetime.datetime):
            cancelled_at = self.cancelled_at.isoformat()
        else:
            cancelled_at = self.cancelled_at

        cancel_reason: None | str
        cancel_reason = self.cancel_reason

        source_kind: None | str | Unset
        if isinstance(self.source_kind, Unset):
            source_kind = UNSET
        else:
            source_kind = self.source_kind

        source_share: None | str | Unset
        if isinstance(self.source_share, Unset):
            source_share = UNSET
        else:
            source_share = self.source_share

        refunds: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.refunds, Unset):
            refunds = []
            for refunds_item_data in self.refunds:
                refunds_item = refunds_item_data.to_dict()
                refunds.append(refunds_item)



        payment: dict[str, Any] | None | Unset
        if isinstance(self.payment, Unset):
            payment = UNSET
        elif isinstance(self.payment, PaymentRequest):
            payment = self.payment.to_dict()
        else:
            payment = self.payment


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "order_no": order_no,
            "user_id": user_id,
            "kind": kind,
            "status": status,
            "sku_id": sku_id,
            "product_id": product_id,
            "product_name": product_name,
            "activity_id": activity_id,
            "group_id": group_id,
            "quantity": quantity,
            "unit_price_fen": unit_price_fen,
            "price_rule": price_rule,
            "amount_fen": amount_fen,
            "settled_amount_fen": settled_amount_fen,
            "refunded_fen": refunded_fen,
            "address": address,
            "created_at": created_at,
            "pay_deadline": pay_deadline,
            "paid_at": paid_at,
            "confirmed_at": confirmed_at,
            "shipped_at": shipped_at,
            "delivered_at": delivered_at,
            "completed_at": completed_at,
            "community_id": community_id,
            "leader_user_id": leader_user_id,
            "delivery_date": delivery_date,
            "cancelled_at": cancelled_at,
            "cancel_reason": cancel_reason,
        })
        if source_kind is not UNSET:
            field_dict["source_kind"] = source_kind
        if source_share is not UNSET:
            field_dict["source_share"] = source_share
        if refunds is not UNSET:
            field_dict["refunds"] = refunds
        if payment is not UNSET:
            field_dict["payment"] = payment

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.order_placed_address_type_0 import OrderPlacedAddressType0 # noqa: PLC0415
        from ..models.payment_request import PaymentRequest # noqa: PLC0415
        from ..models.refund_line import RefundLine # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        order_no = d.pop("order_no")

        user_id = d.pop("user_id")

        kind = OrderKind(d.pop("kind"))




        status = OrderStatus(d.pop("status"))




        sku_id = d.pop("sku_id")

        product_id = d.pop("product_id")

        product_name = d.pop("product_name")

        def _parse_activity_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        activity_id = _parse_activity_id(d.pop("activity_id"))


        def _parse_group_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        group_id = _parse_group_id(d.pop("group_id"))


        quantity = d.pop("quantity")

        unit_price_fen = d.pop("unit_price_fen")

        price_rule = d.pop("price_rule")

        amount_fen = d.pop("amount_fen")

        def _parse_settled_amount_fen(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        settled_amount_fen = _parse_settled_amount_fen(d.pop("settled_amount_fen"))


        refunded_fen = d.pop("refunded_fen")

        def _parse_address(data: object) -> None | OrderPlacedAddressType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                address_type_0 = OrderPlacedAddressType0.from_dict(data)



                return address_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OrderPlacedAddressType0, data)

        address = _parse_address(d.pop("address"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        pay_deadline = datetime.datetime.fromisoformat(d.pop("pay_deadline"))




        def _parse_paid_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paid_at_type_0 = datetime.datetime.fromisoformat(data)



                return paid_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        paid_at = _parse_paid_at(d.pop("paid_at"))


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


        def _parse_shipped_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                shipped_at_type_0 = datetime.datetime.fromisoformat(data)



                return shipped_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        shipped_at = _parse_shipped_at(d.pop("shipped_at"))


        def _parse_delivered_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = datetime.datetime.fromisoformat(data)



                return delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        delivered_at = _parse_delivered_at(d.pop("delivered_at"))


        def _parse_completed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)



                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        completed_at = _parse_completed_at(d.pop("completed_at"))


        def _parse_community_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        community_id = _parse_community_id(d.pop("community_id"))


        def _parse_leader_user_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        leader_user_id = _parse_leader_user_id(d.pop("leader_user_id"))


        def _parse_delivery_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivery_date_type_0 = datetime.date.fromisoformat(data)



                return delivery_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        delivery_date = _parse_delivery_date(d.pop("delivery_date"))


        def _parse_cancelled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cancelled_at_type_0 = datetime.datetime.fromisoformat(data)



                return cancelled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        cancelled_at = _parse_cancelled_at(d.pop("cancelled_at"))


        def _parse_cancel_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cancel_reason = _parse_cancel_reason(d.pop("cancel_reason"))


        def _parse_source_kind(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source_kind = _parse_source_kind(d.pop("source_kind", UNSET))


        def _parse_source_share(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source_share = _parse_source_share(d.pop("source_share", UNSET))


        _refunds = d.pop("refunds", UNSET)
        refunds: list[RefundLine] | Unset = UNSET
        if _refunds is not UNSET:
            refunds = []
            for refunds_item_data in _refunds:
                refunds_item = RefundLine.from_dict(refunds_item_data)



                refunds.append(refunds_item)


        def _parse_payment(data: object) -> None | PaymentRequest | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                payment_type_0 = PaymentRequest.from_dict(data)



                return payment_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PaymentRequest | Unset, data)

        payment = _parse_payment(d.pop("payment", UNSET))


        order_placed = cls(
            id=id,
            order_no=order_no,
            user_id=user_id,
            kind=kind,
            status=status,
            sku_id=sku_id,
            product_id=product_id,
            product_name=product_name,
            activity_id=activity_id,
            group_id=group_id,
            quantity=quantity,
            unit_price_fen=unit_price_fen,
            price_rule=price_rule,
            amount_fen=amount_fen,
            settled_amount_fen=settled_amount_fen,
            refunded_fen=refunded_fen,
            address=address,
            created_at=created_at,
            pay_deadline=pay_deadline,
            paid_at=paid_at,
            confirmed_at=confirmed_at,
            shipped_at=shipped_at,
            delivered_at=delivered_at,
            completed_at=completed_at,
            community_id=community_id,
            leader_user_id=leader_user_id,
            delivery_date=delivery_date,
            cancelled_at=cancelled_at,
            cancel_reason=cancel_reason,
            source_kind=source_kind,
            source_share=source_share,
            refunds=refunds,
            payment=payment,
        )


        order_placed.additional_properties = d
        return order_placed

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
