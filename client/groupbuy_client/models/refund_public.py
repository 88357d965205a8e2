from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="RefundPublic")



@_attrs_define
class RefundPublic:
    """ 
        Attributes:
            id (int):
            order_id (int):
            out_refund_no (str):
            amount_fen (int):
            reason (str):
            status (str):
            attempts (int):
            next_attempt_at (datetime.datetime | None):
            last_error (None | str):
            created_at (datetime.datetime):
            done_at (datetime.datetime | None):
            after_sales_id (int | None | Unset):
            provider_refund_id (None | str | Unset):
            accepted_at (datetime.datetime | None | Unset): When the provider accepted it (paying)
            replaced_out_refund_no (None | str | Unset): Its number before ops sent it again
            ops_action (None | str | Unset): retried or settled: ops' last move on it
            ops_by (int | None | Unset):
            ops_at (datetime.datetime | None | Unset):
            ops_note (None | str | Unset):
     """

    id: int
    order_id: int
    out_refund_no: str
    amount_fen: int
    reason: str
    status: str
    attempts: int
    next_attempt_at: datetime.datetime | None
    last_error: None | str
    created_at: datetime.datetime
    done_at: datetime.datetime | None
    after_sales_id: int | None | Unset = UNSET
    provider_refund_id: None | str | Unset = UNSET
    accepted_at: datetime.datetime | None | Unset = UNSET
    replaced_out_refund_no: None | str | Unset = UNSET
    ops_action: None | str | Unset = UNSET
    ops_by: int | None | Unset = UNSET
    ops_at: datetime.datetime | None | Unset = UNSET
    ops_note: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        order_id = self.order_id

        out_refund_no = self.out_refund_no

        amount_fen = self.amount_fen

        reason = self.reason

        status = self.status

        attempts = self.attempts

        next_attempt_at: None | str
        if isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        last_error: None | str
        last_error = self.last_error

        created_at = self.created_at.isoformat()

        done_at: None | str
        if isinstance(self.done_at, datetime.datetime):
            done_at = self.done_at.isoformat()
        else:
            done_at = self.done_at

        after_sales_id: int | None | Unset
        if isinstance(self.after_sales_id, Unset):
            after_sales_id = UNSET
        else:
            after_sales_id = self.after_sales_id

        provider_refund_id: None | str | Unset
        if isinstance(self.provider_refund_id, Unset):
            provider_refund_id = UNSET
        else:
            provider_refund_id = self.provider_refund_id

        accepted_at: None | str | Unset
        if isinstance(self.accepted_at, Unset):
            accepted_at = UNSET
        elif isinstance(self.accepted_at, datetime.datetime):
            accepted_at = self.accepted_at.isoformat()
        else:
            accepted_at = self.accepted_at

        replaced_out_refund_no: None | str | Unset
        if isinstance(self.replaced_out_refund_no, Unset):
            replaced_out_refund_no = UNSET
        else:
            replaced_out_refund_no = self.replaced_out_refund_no

        ops_action: None | str | Unset
        if isinstance(self.ops_action, Unset):
            ops_action = UNSET
        else:
            ops_action = self.ops_action

        ops_by: int | None | Unset
        if isinstance(self.ops_by, Unset):
            ops_by = UNSET
        else:
            ops_by = self.ops_by

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
            "id": id,
            "order_id": order_id,
            "out_refund_no": out_refund_no,
            "amount_fen": amount_fen,
            "reason": reason,
            "status": status,
            "attempts": attempts,
            "next_attempt_at": next_attempt_at,
            "last_error": last_error,
            "created_at": created_at,
            "done_at": done_at,
        })
        if after_sales_id is not UNSET:
            field_dict["after_sales_id"] = after_sales_id
        if provider_refund_id is not UNSET:
            field_dict["provider_refund_id"] = provider_refund_id
        if accepted_at is not UNSET:
            field_dict["accepted_at"] = accepted_at
        if replaced_out_refund_no is not UNSET:
            field_dict["replaced_out_refund_no"] = replaced_out_refund_no
        if ops_action is not UNSET:
            field_dict["ops_action"] = ops_action
        if ops_by is not UNSET:
            field_dict["ops_by"] = ops_by
        if ops_at is not UNSET:
            field_dict["ops_at"] = ops_at
        if ops_note is not UNSET:
            field_dict["ops_note"] = ops_note

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        order_id = d.pop("order_id")

        out_refund_no = d.pop("out_refund_no")

        amount_fen = d.pop("amount_fen")

        reason = d.pop("reason")

        status = d.pop("status")

        attempts = d.pop("attempts")

        def _parse_next_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_0 = datetime.datetime.fromisoformat(data)



                return next_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at"))


        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_done_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                done_at_type_0 = datetime.datetime.fromisoformat(data)



                return done_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        done_at = _parse_done_at(d.pop("done_at"))


        def _parse_after_sales_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        after_sales_id = _parse_after_sales_id(d.pop("after_sales_id", UNSET))


        def _parse_provider_refund_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        provider_refund_id = _parse_provider_refund_id(d.pop("provider_refund_id", UNSET))


        def _parse_accepted_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                accepted_at_type_0 = datetime.datetime.fromisoformat(data)



                return accepted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        accepted_at = _parse_accepted_at(d.pop("accepted_at", UNSET))


        def _parse_replaced_out_refund_no(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        replaced_out_refund_no = _parse_replaced_out_refund_no(d.pop("replaced_out_refund_no", UNSET))


        def _parse_ops_action(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ops_action = _parse_ops_action(d.pop("ops_action", UNSET))


        def _parse_ops_by(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        ops_by = _parse_ops_by(d.pop("ops_by", UNSET))


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


        refund_public = cls(
            id=id,
            order_id=order_id,
            out_refund_no=out_refund_no,
            amount_fen=amount_fen,
            reason=reason,
            status=status,
            attempts=attempts,
            next_attempt_at=next_attempt_at,
            last_error=last_error,
            created_at=created_at,
            done_at=done_at,
            after_sales_id=after_sales_id,
            provider_refund_id=provider_refund_id,
            accepted_at=accepted_at,
            replaced_out_refund_no=replaced_out_refund_no,
            ops_action=ops_action,
            ops_by=ops_by,
            ops_at=ops_at,
            ops_note=ops_note,
        )


        refund_public.additional_properties = d
        return refund_public

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
