from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="DeliverBatch")



@_attrs_define
class DeliverBatch:
    """ Hand out everything one buyer has waiting at the community's pickup point today.

        Attributes:
            community_id (int):
            user_id (int):
     """

    community_id: int
    user_id: int





    def to_dict(self) -> dict[str, Any]:
        community_id = self.community_id

        user_id = self.user_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "community_id": community_id,
            "user_id": user_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        community_id = d.pop("community_id")

        user_id = d.pop("user_id")

        deliver_batch = cls(
            community_id=community_id,
            user_id=user_id,
        )

        return deliver_batch

