from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.webhook_replay_status_type_0 import WebhookReplayStatusType0
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="WebhookReplay")



@_attrs_define
class WebhookReplay:
    """ 
        Attributes:
            since (datetime.datetime): Replay deliveries of events that occurred at or after this time
            status (None | Unset | WebhookReplayStatusType0): Only deliveries in this status; default: every finished one
     """

    since: datetime.datetime
    status: None | Unset | WebhookReplayStatusType0 = UNSET





    def to_dict(self) -> dict[str, Any]:
        since = self.since.isoformat()

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, WebhookReplayStatusType0):
            status = self.status.value
        else:
            status = self.status


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "since": since,
        })
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        since = datetime.datetime.fromisoformat(d.pop("since"))




        def _parse_status(data: object) -> None | Unset | WebhookReplayStatusType0:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = WebhookReplayStatusType0(data)



                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | WebhookReplayStatusType0, data)

        status = _parse_status(d.pop("status", UNSET))


        webhook_replay = cls(
            since=since,
            status=status,
        )

        return webhook_replay

