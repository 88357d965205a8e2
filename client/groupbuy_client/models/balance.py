from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="Balance")



@_attrs_define
class Balance:
    """ A user's rebate money by bucket (sums of their ledger entries), and their withdrawals.

        Attributes:
            user_id (int):
            pending_fen (int): Earned on paid orders whose price is not final yet
            frozen_fen (int): Earned on confirmed orders still within after-sales
            available_fen (int): Free to withdraw; negative after a late refund until earnings offset it
            withdrawing_fen (int): Asked for and not paid out yet (already taken from available)
            withdrawn_fen (int): Paid out so far
     """

    user_id: int
    pending_fen: int
    frozen_fen: int
    available_fen: int
    withdrawing_fen: int
    withdrawn_fen: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        user_id = self.user_id

        pending_fen = self.pending_fen

        frozen_fen = self.frozen_fen

        available_fen = self.available_fen

        withdrawing_fen = self.withdrawing_fen

        withdrawn_fen = self.withdrawn_fen


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "user_id": user_id,
            "pending_fen": pending_fen,
            "frozen_fen": frozen_fen,
            "available_fen": available_fen,
            "withdrawing_fen": withdrawing_fen,
            "withdrawn_fen": withdrawn_fen,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        user_id = d.pop("user_id")

        pending_fen = d.pop("pending_fen")

        frozen_fen = d.pop("frozen_fen")

        available_fen = d.pop("available_fen")

        withdrawing_fen = d.pop("withdrawing_fen")

        withdrawn_fen = d.pop("withdrawn_fen")

        balance = cls(
            user_id=user_id,
            pending_fen=pending_fen,
            frozen_fen=frozen_fen,
            available_fen=available_fen,
            withdrawing_fen=withdrawing_fen,
            withdrawn_fen=withdrawn_fen,
        )


        balance.additional_properties = d
        return balance

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
