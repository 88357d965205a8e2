from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.withdrawal_public_status import WithdrawalPublicStatus
from typing import cast
import datetime






T = TypeVar("T", bound="WithdrawalPublic")



@_attrs_define
class WithdrawalPublic:
    """ 
        Attributes:
            id (int):
            user_id (int):
            amount_fen (int):
            fee_fen (int):
            payout_fen (int): What reaches the user's WeChat balance
            status (WithdrawalPublicStatus):
            out_bill_no (str):
            package_info (None | str): While awaiting_confirmation: what the mini-program passes to
                wx.requestMerchantTransfer
            fail_reason (None | str):
            reject_reason (None | str):
            requested_at (datetime.datetime):
            decided_at (datetime.datetime | None):
            paid_at (datetime.datetime | None):
     """

    id: int
    user_id: int
    amount_fen: int
    fee_fen: int
    payout_fen: int
    status: WithdrawalPublicStatus
    out_bill_no: str
    package_info: None | str
    fail_reason: None | str
    reject_reason: None | str
    requested_at: datetime.datetime
    decided_at: datetime.datetime | None
    paid_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        user_id = self.user_id

        amount_fen = self.amount_fen

        fee_fen = self.fee_fen

        payout_fen = self.payout_fen

        status = self.status.value

        out_bill_no = self.out_bill_no

        package_info: None | str
        package_info = self.package_info

        fail_reason: None | str
        fail_reason = self.fail_reason

        reject_reason: None | str
        reject_reason = self.reject_reason

        requested_at = self.requested_at.isoformat()

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        paid_at: None | str
        if isinstance(self.paid_at, datetime.datetime):
            paid_at = self.paid_at.isoformat()
        else:
            paid_at = self.paid_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "user_id": user_id,
            "amount_fen": amount_fen,
            "fee_fen": fee_fen,
            "payout_fen": payout_fen,
            "status": status,
            "out_bill_no": out_bill_no,
            "package_info": package_info,
            "fail_reason": fail_reason,
            "reject_reason": reject_reason,
            "requested_at": requested_at,
            "decided_at": decided_at,
            "paid_at": paid_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        user_id = d.pop("user_id")

        amount_fen = d.pop("amount_fen")

        fee_fen = d.pop("fee_fen")

        payout_fen = d.pop("payout_fen")

        status = WithdrawalPublicStatus(d.pop("status"))




        out_bill_no = d.pop("out_bill_no")

        def _parse_package_info(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        package_info = _parse_package_info(d.pop("package_info"))


        def _parse_fail_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        fail_reason = _parse_fail_reason(d.pop("fail_reason"))


        def _parse_reject_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reject_reason = _parse_reject_reason(d.pop("reject_reason"))


        requested_at = datetime.datetime.fromisoformat(d.pop("requested_at"))




        def _parse_decided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)



                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))


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


        withdrawal_public = cls(
            id=id,
            user_id=user_id,
            amount_fen=amount_fen,
            fee_fen=fee_fen,
            payout_fen=payout_fen,
            status=status,
            out_bill_no=out_bill_no,
            package_info=package_info,
            fail_reason=fail_reason,
            reject_reason=reject_reason,
            requested_at=requested_at,
            decided_at=decided_at,
            paid_at=paid_at,
        )


        withdrawal_public.additional_properties = d
        return withdrawal_public

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
