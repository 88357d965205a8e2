from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.refund_line_state import RefundLineState
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="RefundLine")



@_attrs_define
class RefundLine:
    """ One refund of an order, as its buyer sees it: how much, why, where it stands, when.

        Attributes:
            refund_id (int | None): None while it is a claim not decided yet, or rejected
            after_sales_id (int | None): The after-sales claim it came from
            amount_fen (int):
            reason (str): group_settled, group_failed, late_payment, requested, ops, shortage, supplier_short, after_sales
            state (RefundLineState):
            requested_at (datetime.datetime):
            decided_at (datetime.datetime | None):
            paid_at (datetime.datetime | None):
            reason_code (None | str | Unset): An after-sales claim's reason code (damaged, ...)
            reason_label (None | str | Unset): Its zh-CN label (坏果, ...)
            provider_status (None | str | Unset): failed, abnormal or closed: why it failed; settled: ops paid it outside
                WeChat Pay
            reject_reason (None | str | Unset):
            ops_action (None | str | Unset): retried (sent again) or settled (paid by hand)
            ops_at (datetime.datetime | None | Unset):
            ops_note (None | str | Unset):
     """

    refund_id: int | None
    after_sales_id: int | None
    amount_fen: int
    reason: str
    state: RefundLineState
    requested_at: datetime.datetime
    decided_at: datetime.datetime | None
    paid_at: datetime.datetime | None
    reason_code: None | str | Unset = UNSET
    reason_label: None | str | Unset = UNSET
    provider_status: None | str | Unset = UNSET
    reject_reason: None | str | Unset = UNSET
    ops_action: None | str | Unset = UNSET
    ops_at: datetime.datetime | None | Unset = UNSET
    ops_note: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        refund_id: int | None
        refund_id = self.refund_id

        after_sales_id: int | None
        after_sales_id = self.after_sales_id

        amount_fen = self.amount_fen

        reason = self.reason

        state = self.state.value

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

        reason_code: None | str | Unset
        if isinstance(self.reason_code, Unset):
            reason_code = UNSET
        else:
            reason_code = self.reason_code

        reason_label: None | str | Unset
        if isinstance(self.reason_label, Unset):
            reason_label = UNSET
        else:
            reason_label = self.reason_label

        provider_status: None | str | Unset
        if isinstance(self.provider_status, Unset):
            provider_status = UNSET
        else:
            provider_status = self.provider_status

        reject_reason: None | str | Unset
        if isinstance(self.reject_reason, Unset):
            reject_reason = UNSET
        else:
            reject_reason = self.reject_reason

        ops_action: None | str | Unset
        if isinstance(self.ops_action, Unset):
            ops_action = UNSET
        else:
            ops_action = self.ops_action

        ops_at: None | str | Unset
        if isinstance(self.ops_at, Unset):
            ops_at = UNSET
        elif isinstance(self.ops_at, datetime.datetime):
            ops_at = self.ops_at.isoformat()
        else:
            ops_at = self.ops_at

        ops_note: None | str | Unset
        if isinstance(self.ops_note, Unset):
            ops_note = UNSET
        else:
            ops_note = self.ops_note


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "refund_id": refund_id,
            "after_sales_id": after_sales_id,
            "amount_fen": amount_fen,
            "reason": reason,
            "state": state,
            "requested_at": requested_at,
            "decided_at": decided_at,
            "paid_at": paid_at,
        })
        if reason_code is not UNSET:
            field_dict["reason_code"] = reason_code
        if reason_label is not UNSET:
            field_dict["reason_label"] = reason_label
        if provider_status is not UNSET:
            field_dict["provider_status"] = provider_status
        if reject_reason is not UNSET:
            field_dict["reject_reason"] = reject_reason
        if ops_action is not UNSET:
            field_dict["ops_action"] = ops_action
        if ops_at is not UNSET:
            field_dict["ops_at"] = ops_at
        if ops_note is not UNSET:
            field_dict["ops_note"] = ops_note

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_refund_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        refund_id = _parse_refund_id(d.pop("refund_id"))


        def _parse_after_sales_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        after_sales_id = _parse_after_sales_id(d.pop("after_sales_id"))


        amount_fen = d.pop("amount_fen")

        reason = d.pop("reason")

        state = RefundLineState(d.pop("state"))




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


        def _parse_reason_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason_code = _parse_reason_code(d.pop("reason_code", UNSET))


        def _parse_reason_label(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason_label = _parse_reason_label(d.pop("reason_label", UNSET))


        def _parse_provider_status(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        provider_status = _parse_provider_status(d.pop("provider_status", UNSET))


        def _parse_reject_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reject_reason = _parse_reject_reason(d.pop("reject_reason", UNSET))


        def _parse_ops_action(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ops_action = _parse_ops_action(d.pop("ops_action", UNSET))


        def _parse_ops_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ops_at_type_0 = datetime.datetime.fromisoformat(data)



                return ops_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        ops_at = _parse_ops_at(d.pop("ops_at", UNSET))


        def _parse_ops_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ops_note = _parse_ops_note(d.pop("ops_note", UNSET))


        refund_line = cls(
            refund_id=refund_id,
            after_sales_id=after_sales_id,
            amount_fen=amount_fen,
            reason=reason,
            state=state,
            requested_at=requested_at,
            decided_at=decided_at,
            paid_at=paid_at,
            reason_code=reason_code,
            reason_label=reason_label,
            provider_status=provider_status,
            reject_reason=reject_reason,
            ops_action=ops_action,
            ops_at=ops_at,
            ops_note=ops_note,
        )


        refund_line.additional_properties = d
        return refund_line

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
