from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.webhook_delivery_detail_status import WebhookDeliveryDetailStatus
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.webhook_attempt_public import WebhookAttemptPublic





T = TypeVar("T", bound="WebhookDeliveryDetail")



@_attrs_define
class WebhookDeliveryDetail:
    """ 
        Attributes:
            id (int):
            subscription_id (int):
            event_id (str): The same on every attempt and replay: receivers dedupe by it
            event_type (str):
            occurred_at (datetime.datetime):
            status (WebhookDeliveryDetailStatus):
            attempts (int): Attempts made so far, replays included
            last_status_code (int | None): The receiver's last HTTP status; None when it never answered
            last_error (None | str):
            created_at (datetime.datetime):
            last_attempt_at (datetime.datetime | None):
            next_attempt_at (datetime.datetime | None): When the next attempt is due (pending only)
            delivered_at (datetime.datetime | None):
            give_up_at (datetime.datetime): No attempt is made after this; the delivery then fails
            body (str): The exact JSON body every attempt sends (and signs)
            attempt_log (list[WebhookAttemptPublic]):
     """

    id: int
    subscription_id: int
    event_id: str
    event_type: str
    occurred_at: datetime.datetime
    status: WebhookDeliveryDetailStatus
    attempts: int
    last_status_code: int | None
    last_error: None | str
    created_at: datetime.datetime
    last_attempt_at: datetime.datetime | None
    next_attempt_at: datetime.datetime | None
    delivered_at: datetime.datetime | None
    give_up_at: datetime.datetime
    body: str
    attempt_log: list[WebhookAttemptPublic]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.webhook_attempt_public import WebhookAttemptPublic # noqa: PLC0415
        id = self.id

        subscription_id = self.subscription_id

        event_id = self.event_id

        event_type = self.event_type

        occurred_at = self.occurred_at.isoformat()

        status = self.status.value

        attempts = self.attempts

        last_status_code: int | None
        last_status_code = self.last_status_code

        last_error: None | str
        last_error = self.last_error

        created_at = self.created_at.isoformat()

        last_attempt_at: None | str
        if isinstance(self.last_attempt_at, datetime.datetime):
            last_attempt_at = self.last_attempt_at.isoformat()
        else:
            last_attempt_at = self.last_attempt_at

        next_attempt_at: None | str
        if isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        delivered_at: None | str
        if isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        give_up_at = self.give_up_at.isoformat()

        body = self.body

        attempt_log = []
        for attempt_log_item_data in self.attempt_log:
            attempt_log_item = attempt_log_item_data.to_dict()
            attempt_log.append(attempt_log_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "subscription_id": subscription_id,
            "event_id": event_id,
            "event_type": event_type,
            "occurred_at": occurred_at,
            "status": status,
            "attempts": attempts,
            "last_status_code": last_status_code,
            "last_error": last_error,
            "created_at": created_at,
            "last_attempt_at": last_attempt_at,
            "next_attempt_at": next_attempt_at,
            "delivered_at": delivered_at,
            "give_up_at": give_up_at,
            "body": body,
            "attempt_log": attempt_log,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook_attempt_public import WebhookAttemptPublic # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        subscription_id = d.pop("subscription_id")

        event_id = d.pop("event_id")

        event_type = d.pop("event_type")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))




        status = WebhookDeliveryDetailStatus(d.pop("status"))




        attempts = d.pop("attempts")

        def _parse_last_status_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        last_status_code = _parse_last_status_code(d.pop("last_status_code"))


        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_last_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_attempt_at_type_0 = datetime.datetime.fromisoformat(data)



                return last_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_attempt_at = _parse_last_attempt_at(d.pop("last_attempt_at"))


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


        def _parse_delivered_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = datetime.datetime.fromisoformat(data)



                return delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        delivered_at = _parse_delivered_at(d.pop("delivered_at"))


        give_up_at = datetime.datetime.fromisoformat(d.pop("give_up_at"))




        body = d.pop("body")

        attempt_log = []
        _attempt_log = d.pop("attempt_log")
        for attempt_log_item_data in (_attempt_log):
            attempt_log_item = WebhookAttemptPublic.from_dict(attempt_log_item_data)



            attempt_log.append(attempt_log_item)


        webhook_delivery_detail = cls(
            id=id,
            subscription_id=subscription_id,
            event_id=event_id,
            event_type=event_type,
            occurred_at=occurred_at,
            status=status,
            attempts=attempts,
            last_status_code=last_status_code,
            last_error=last_error,
            created_at=created_at,
            last_attempt_at=last_attempt_at,
            next_attempt_at=next_attempt_at,
            delivered_at=delivered_at,
            give_up_at=give_up_at,
            body=body,
            attempt_log=attempt_log,
        )


        webhook_delivery_detail.additional_properties = d
        return webhook_delivery_detail

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
