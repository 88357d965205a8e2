from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="ReachMessagePublic")



@_attrs_define
class ReachMessagePublic:
    """ 
        Attributes:
            id (int):
            event_id (str):
            event_type (str):
            user_id (int):
            scene (str):
            template_id (str):
            page (str):
            status (str):
            attempts (int):
            errcode (int | None):
            last_error (None | str):
            created_at (datetime.datetime):
            next_attempt_at (datetime.datetime | None):
            sent_at (datetime.datetime | None):
     """

    id: int
    event_id: str
    event_type: str
    user_id: int
    scene: str
    template_id: str
    page: str
    status: str
    attempts: int
    errcode: int | None
    last_error: None | str
    created_at: datetime.datetime
    next_attempt_at: datetime.datetime | None
    sent_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        event_id = self.event_id

        event_type = self.event_type

        user_id = self.user_id

        scene = self.scene

        template_id = self.template_id

        page = self.page

        status = self.status

        attempts = self.attempts

        errcode: int | None
        errcode = self.errcode

        last_error: None | str
        last_error = self.last_error

        created_at = self.created_at.isoformat()

        next_attempt_at: None | str
        if isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        sent_at: None | str
        if isinstance(self.sent_at, datetime.datetime):
            sent_at = self.sent_at.isoformat()
        else:
            sent_at = self.sent_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "event_id": event_id,
            "event_type": event_type,
            "user_id": user_id,
            "scene": scene,
            "template_id": template_id,
            "page": page,
            "status": status,
            "attempts": attempts,
            "errcode": errcode,
            "last_error": last_error,
            "created_at": created_at,
            "next_attempt_at": next_attempt_at,
            "sent_at": sent_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        event_id = d.pop("event_id")

        event_type = d.pop("event_type")

        user_id = d.pop("user_id")

        scene = d.pop("scene")

        template_id = d.pop("template_id")

        page = d.pop("page")

        status = d.pop("status")

        attempts = d.pop("attempts")

        def _parse_errcode(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        errcode = _parse_errcode(d.pop("errcode"))


        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




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


        def _parse_sent_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sent_at_type_0 = datetime.datetime.fromisoformat(data)



                return sent_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        sent_at = _parse_sent_at(d.pop("sent_at"))


        reach_message_public = cls(
            id=id,
            event_id=event_id,
            event_type=event_type,
            user_id=user_id,
            scene=scene,
            template_id=template_id,
            page=page,
            status=status,
            attempts=attempts,
            errcode=errcode,
            last_error=last_error,
            created_at=created_at,
            next_attempt_at=next_attempt_at,
            sent_at=sent_at,
        )


        reach_message_public.additional_properties = d
        return reach_message_public

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
