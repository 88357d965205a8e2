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
