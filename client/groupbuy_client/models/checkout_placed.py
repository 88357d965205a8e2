from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.checkout_status import CheckoutStatus
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.order_public import OrderPublic
  from ..models.payment_request import PaymentRequest





T = TypeVar("T", bound="CheckoutPlaced")



@_attrs_define
class CheckoutPlaced:
    """ 
        Attributes:
            id (int):
            checkout_no (str):
            user_id (int):
            status (CheckoutStatus):
            amount_fen (int):
            pay_deadline (datetime.datetime):
            address_id (int):
            created_at (datetime.datetime):
            paid_at (datetime.datetime | None):
            cancelled_at (datetime.datetime | None):
            cancel_reason (None | str):
            lines (list[OrderPublic]):
            payment (None | PaymentRequest | Unset): What wx.requestPayment needs, while it can still be paid: one payment
                for every line
     """

    id: int
    checkout_no: str
    user_id: int
    status: CheckoutStatus
    amount_fen: int
    pay_deadline: datetime.datetime
    address_id: int
    created_at: datetime.datetime
    paid_at: datetime.datetime | None
    cancelled_at: datetime.datetime | None
    cancel_reason: None | str
    lines: list[OrderPublic]
    payment: None | PaymentRequest | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.order_public import OrderPublic # noqa: PLC0415
        from ..models.payment_request import PaymentRequest # noqa: PLC0415
        id = self.id

        checkout_no = self.checkout_no

        user_id = self.user_id

        status = self.status.value

        amount_fen = self.amount_fen

        pay_deadline = self.pay_deadline.isoformat()

        address_id = self.address_id

        created_at = self.created_at.isoformat()

        paid_at: None | str
        if isinstance(self.paid_at, datetime.datetime):
            paid_at = self.paid_at.isoformat()
        else:
            paid_at = self.paid_at

        cancelled_at: None | str
        if isinstance(self.cancelled_at, datetime.datetime):
            cancelled_at = self.cancelled_at.isoformat()
        else:
            cancelled_at = self.cancelled_at

        cancel_reason: None | str
        cancel_reason = self.cancel_reason

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)



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
            "checkout_no": checkout_no,
            "user_id": user_id,
            "status": status,
            "amount_fen": amount_fen,
            "pay_deadline": pay_deadline,
            "address_id": address_id,
            "created_at": created_at,
            "paid_at": paid_at,
            "cancelled_at": cancelled_at,
            "cancel_reason": cancel_reason,
            "lines": lines,
        })
        if payment is not UNSET:
            field_dict["payment"] = payment

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.order_public import OrderPublic # noqa: PLC0415
        from ..models.payment_request import PaymentRequest # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        checkout_no = d.pop("checkout_no")

        user_id = d.pop("user_id")

        status = CheckoutStatus(d.pop("status"))




        amount_fen = d.pop("amount_fen")

        pay_deadline = datetime.datetime.fromisoformat(d.pop("pay_deadline"))




        address_id = d.pop("address_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




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


        lines = []
        _lines = d.pop("lines")
        for lines_item_data in (_lines):
            lines_item = OrderPublic.from_dict(lines_item_data)



            lines.append(lines_item)


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


        checkout_placed = cls(
            id=id,
            checkout_no=checkout_no,
            user_id=user_id,
            status=status,
            amount_fen=amount_fen,
            pay_deadline=pay_deadline,
            address_id=address_id,
            created_at=created_at,
            paid_at=paid_at,
            cancelled_at=cancelled_at,
            cancel_reason=cancel_reason,
            lines=lines,
            payment=payment,
        )


        checkout_placed.additional_properties = d
        return checkout_placed

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
