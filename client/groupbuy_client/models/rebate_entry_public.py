from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.rebate_entry_public_bucket import RebateEntryPublicBucket
from ..models.rebate_entry_public_kind import RebateEntryPublicKind
from typing import cast
import datetime






T = TypeVar("T", bound="RebateEntryPublic")



@_attrs_define
class RebateEntryPublic:
    """ 
        Attributes:
            id (int):
            user_id (int): Who the entry belongs to
            kind (RebateEntryPublicKind):
            bucket (RebateEntryPublicBucket):
            step (str): earn, settle, reverse, complete, void, withdraw or return
            amount_fen (int):
            order_id (int | None):
            tree_level (int | None): For a rebate: 1 when the buyer is a direct referee
            withdrawal_id (int | None):
            created_at (datetime.datetime):
     """

    id: int
    user_id: int
    kind: RebateEntryPublicKind
    bucket: RebateEntryPublicBucket
    step: str
    amount_fen: int
    order_id: int | None
    tree_level: int | None
    withdrawal_id: int | None
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        user_id = self.user_id

        kind = self.kind.value

        bucket = self.bucket.value

        step = self.step

        amount_fen = self.amount_fen

        order_id: int | None
        order_id = self.order_id

        tree_level: int | None
        tree_level = self.tree_level

        withdrawal_id: int | None
        withdrawal_id = self.withdrawal_id

        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "user_id": user_id,
            "kind": kind,
            "bucket": bucket,
            "step": step,
            "amount_fen": amount_fen,
            "order_id": order_id,
            "tree_level": tree_level,
            "withdrawal_id": withdrawal_id,
            "created_at": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        user_id = d.pop("user_id")

        kind = RebateEntryPublicKind(d.pop("kind"))




        bucket = RebateEntryPublicBucket(d.pop("bucket"))




        step = d.pop("step")

        amount_fen = d.pop("amount_fen")

        def _parse_order_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        order_id = _parse_order_id(d.pop("order_id"))


        def _parse_tree_level(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        tree_level = _parse_tree_level(d.pop("tree_level"))


        def _parse_withdrawal_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        withdrawal_id = _parse_withdrawal_id(d.pop("withdrawal_id"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        rebate_entry_public = cls(
            id=id,
            user_id=user_id,
            kind=kind,
            bucket=bucket,
            step=step,
            amount_fen=amount_fen,
            order_id=order_id,
            tree_level=tree_level,
            withdrawal_id=withdrawal_id,
            created_at=created_at,
        )


        rebate_entry_public.additional_properties = d
        return rebate_entry_public

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
