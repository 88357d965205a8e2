from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.kind import Kind
from ..models.status import Status
from typing import cast
import datetime






T = TypeVar("T", bound="AfterSalesPublic")



@_attrs_define
class AfterSalesPublic:
    """ 
        Attributes:
            id (int):
            order_id (int):
            user_id (int):
            kind (Kind):
            reason_code (str):
            reason_label (str):
            quantity (int | None):
            amount_fen (int):
            note (str):
            image_urls (list[str]):
            status (Status):
            review_reason (None | str): Why it waits for ops: refund_rate, return, amount
            auto_rule (None | str): The rule that approved it at once: small_amount, leader_confirmed_shortage
            question (None | str):
            answer (None | str):
            reject_reason (None | str):
            decided_by (int | None):
            refund_id (int | None):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
            decided_at (datetime.datetime | None):
     """

    id: int
    order_id: int
    user_id: int
    kind: Kind
    reason_code: str
    reason_label: str
    quantity: int | None
    amount_fen: int
    note: str
    image_urls: list[str]
    status: Status
    review_reason: None | str
    auto_rule: None | str
    question: None | str
    answer: None | str
    reject_reason: None | str
    decided_by: int | None
    refund_id: int | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    decided_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        order_id = self.order_id

        user_id = self.user_id

        kind = self.kind.value

        reason_code = self.reason_code

        reason_label = self.reason_label

        quantity: int | None
        quantity = self.quantity

        amount_fen = self.amount_fen

        note = self.note

        image_urls = self.image_urls



        status = self.status.value

        review_reason: None | str
        review_reason = self.review_reason

        auto_rule: None | str
        auto_rule = self.auto_rule

        question: None | str
        question = self.question

        answer: None | str
        answer = self.answer

        reject_reason: None | str
        reject_reason = self.reject_reason

        decided_by: int | None
        decided_by = self.decided_by

        refund_id: int | None
        refund_id = self.refund_id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "order_id": order_id,
            "user_id": user_id,
            "kind": kind,
            "reason_code": reason_code,
            "reason_label": reason_label,
            "quantity": quantity,
            "amount_fen": amount_fen,
            "note": note,
            "image_urls": image_urls,
            "status": status,
            "review_reason": review_reason,
            "auto_rule": auto_rule,
            "question": question,
            "answer": answer,
            "reject_reason": reject_reason,
            "decided_by": decided_by,
            "refund_id": refund_id,
            "created_at": created_at,
            "updated_at": updated_at,
            "decided_at": decided_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        order_id = d.pop("order_id")

        user_id = d.pop("user_id")

        kind = Kind(d.pop("kind"))




        reason_code = d.pop("reason_code")

        reason_label = d.pop("reason_label")

        def _parse_quantity(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        quantity = _parse_quantity(d.pop("quantity"))


        amount_fen = d.pop("amount_fen")

        note = d.pop("note")

        image_urls = cast(list[str], d.pop("image_urls"))


        status = Status(d.pop("status"))




        def _parse_review_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        review_reason = _parse_review_reason(d.pop("review_reason"))


        def _parse_auto_rule(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        auto_rule = _parse_auto_rule(d.pop("auto_rule"))


        def _parse_question(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        question = _parse_question(d.pop("question"))


        def _parse_answer(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        answer = _parse_answer(d.pop("answer"))


        def _parse_reject_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reject_reason = _parse_reject_reason(d.pop("reject_reason"))


        def _parse_decided_by(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        decided_by = _parse_decided_by(d.pop("decided_by"))


        def _parse_refund_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        refund_id = _parse_refund_id(d.pop("refund_id"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




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


        after_sales_public = cls(
            id=id,
            order_id=order_id,
            user_id=user_id,
            kind=kind,
            reason_code=reason_code,
            reason_label=reason_label,
            quantity=quantity,
            amount_fen=amount_fen,
            note=note,
            image_urls=image_urls,
            status=status,
            review_reason=review_reason,
            auto_rule=auto_rule,
            question=question,
            answer=answer,
            reject_reason=reject_reason,
            decided_by=decided_by,
            refund_id=refund_id,
            created_at=created_at,
            updated_at=updated_at,
            decided_at=decided_at,
        )


        after_sales_public.additional_properties = d
        return after_sales_public

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
