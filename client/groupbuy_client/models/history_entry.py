from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.order_status import OrderStatus
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.actor_public import ActorPublic





T = TypeVar("T", bound="HistoryEntry")



@_attrs_define
class HistoryEntry:
    """ 
        Attributes:
            at (datetime.datetime):
            event (str):
            from_status (OrderStatus):
            to_status (OrderStatus):
            actor (ActorPublic):
            via (None | str): batch_ship, batch_deliver or pickup_code when one of those moved it
            request_id (None | str):
            note (None | str | Unset): What a move that kept the state did: a review's outcome and reason, ops' note on a
                refund
     """

    at: datetime.datetime
    event: str
    from_status: OrderStatus
    to_status: OrderStatus
    actor: ActorPublic
    via: None | str
    request_id: None | str
    note: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.actor_public import ActorPublic # noqa: PLC0415
        at = self.at.isoformat()

        event = self.event

        from_status = self.from_status.value

        to_status = self.to_status.value

        actor = self.actor.to_dict()

        via: None | str
        via = self.via

        request_id: None | str
        request_id = self.request_id

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "at": at,
            "event": event,
            "from_status": from_status,
            "to_status": to_status,
            "actor": actor,
            "via": via,
            "request_id": request_id,
        })
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.actor_public import ActorPublic # noqa: PLC0415
        d = dict(src_dict)
        at = datetime.datetime.fromisoformat(d.pop("at"))




        event = d.pop("event")

        from_status = OrderStatus(d.pop("from_status"))




        to_status = OrderStatus(d.pop("to_status"))




        actor = ActorPublic.from_dict(d.pop("actor"))




        def _parse_via(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        via = _parse_via(d.pop("via"))


        def _parse_request_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        request_id = _parse_request_id(d.pop("request_id"))


        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))


        history_entry = cls(
            at=at,
            event=event,
            from_status=from_status,
            to_status=to_status,
            actor=actor,
            via=via,
            request_id=request_id,
            note=note,
        )


        history_entry.additional_properties = d
        return history_entry

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
