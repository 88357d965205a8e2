from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="DeadLetter")



@_attrs_define
class DeadLetter:
    """ An event a consumer group gave up on: acknowledged on its stream, kept here with the error.

        Attributes:
            id (str): Entry id in the dead-letter stream
            group (str):
            stream (str):
            entry_id (str): Entry id in the event stream
            event_id (None | str):
            type_ (None | str):
            version (int | None):
            error (str):
            attempts (int):
            failed_at (datetime.datetime):
            envelope (str): The envelope as received (JSON text)
            traceback (str | Unset):  Default: ''.
     """

    id: str
    group: str
    stream: str
    entry_id: str
    event_id: None | str
    type_: None | str
    version: int | None
    error: str
    attempts: int
    failed_at: datetime.datetime
    envelope: str
    traceback: str | Unset = ''
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        group = self.group

        stream = self.stream

        entry_id = self.entry_id

        event_id: None | str
        event_id = self.event_id

        type_: None | str
        type_ = self.type_

        version: int | None
        version = self.version

        error = self.error

        attempts = self.attempts

        failed_at = self.failed_at.isoformat()

        envelope = self.envelope

        traceback = self.traceback


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "group": group,
            "stream": stream,
            "entry_id": entry_id,
            "event_id": event_id,
            "type": type_,
            "version": version,
            "error": error,
            "attempts": attempts,
            "failed_at": failed_at,
            "envelope": envelope,
        })
        if traceback is not UNSET:
            field_dict["traceback"] = traceback

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        group = d.pop("group")

        stream = d.pop("stream")

        entry_id = d.pop("entry_id")

        def _parse_event_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        event_id = _parse_event_id(d.pop("event_id"))


        def _parse_type_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        type_ = _parse_type_(d.pop("type"))


        def _parse_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        version = _parse_version(d.pop("version"))


        error = d.pop("error")

        attempts = d.pop("attempts")

        failed_at = datetime.datetime.fromisoformat(d.pop("failed_at"))




        envelope = d.pop("envelope")

        traceback = d.pop("traceback", UNSET)

        dead_letter = cls(
            id=id,
            group=group,
            stream=stream,
            entry_id=entry_id,
            event_id=event_id,
            type_=type_,
            version=version,
            error=error,
            attempts=attempts,
            failed_at=failed_at,
            envelope=envelope,
            traceback=traceback,
        )


        dead_letter.additional_properties = d
        return dead_letter

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
