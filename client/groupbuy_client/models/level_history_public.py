from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.level_history_public_reason import LevelHistoryPublicReason
from typing import cast
import datetime






T = TypeVar("T", bound="LevelHistoryPublic")



@_attrs_define
class LevelHistoryPublic:
    """ 
        Attributes:
            id (int):
            from_level (str):
            to_level (str):
            reason (LevelHistoryPublicReason):
            order_id (int | None):
            actor_user_id (int | None):
            note (str):
            changed_at (datetime.datetime):
     """

    id: int
    from_level: str
    to_level: str
    reason: LevelHistoryPublicReason
    order_id: int | None
    actor_user_id: int | None
    note: str
    changed_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        from_level = self.from_level

        to_level = self.to_level

        reason = self.reason.value

        order_id: int | None
        order_id = self.order_id

        actor_user_id: int | None
        actor_user_id = self.actor_user_id

        note = self.note

        changed_at = self.changed_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "from_level": from_level,
            "to_level": to_level,
            "reason": reason,
            "order_id": order_id,
            "actor_user_id": actor_user_id,
            "note": note,
            "changed_at": changed_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        from_level = d.pop("from_level")

        to_level = d.pop("to_level")

        reason = LevelHistoryPublicReason(d.pop("reason"))




        def _parse_order_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        order_id = _parse_order_id(d.pop("order_id"))


        def _parse_actor_user_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        actor_user_id = _parse_actor_user_id(d.pop("actor_user_id"))


        note = d.pop("note")

        changed_at = datetime.datetime.fromisoformat(d.pop("changed_at"))




        level_history_public = cls(
            id=id,
            from_level=from_level,
            to_level=to_level,
            reason=reason,
            order_id=order_id,
            actor_user_id=actor_user_id,
            note=note,
            changed_at=changed_at,
        )


        level_history_public.additional_properties = d
        return level_history_public

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
