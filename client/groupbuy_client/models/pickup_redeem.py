from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="PickupRedeem")



@_attrs_define
class PickupRedeem:
    """ A buyer's pickup code, as typed (``1234 5678``) or as scanned from their QR image.

        Attributes:
            code (str):
            community_id (int):
     """

    code: str
    community_id: int





    def to_dict(self) -> dict[str, Any]:
        code = self.code

        community_id = self.community_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "code": code,
            "community_id": community_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        community_id = d.pop("community_id")

        pickup_redeem = cls(
            code=code,
            community_id=community_id,
        )

        return pickup_redeem

