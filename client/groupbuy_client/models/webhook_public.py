from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.webhook_public_status import WebhookPublicStatus
from typing import cast
import datetime






T = TypeVar("T", bound="WebhookPublic")



@_attrs_define
class WebhookPublic:
    """ 
        Attributes:
            id (int):
            api_key_id (int): The partner key the subscription belongs to
            url (str):
            event_types (list[str]):
            description (str):
            status (WebhookPublicStatus):
            created_at (datetime.datetime):
            disabled_at (datetime.datetime | None):
     """

    id: int
    api_key_id: int
    url: str
    event_types: list[str]
    description: str
    status: WebhookPublicStatus
    created_at: datetime.datetime
    disabled_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        api_key_id = self.api_key_id

        url = self.url

        event_types = self.event_types



        description = self.description

        status = self.status.value

        created_at = self.created_at.isoformat()

        disabled_at: None | str
        if isinstance(self.disabled_at, datetime.datetime):
            disabled_at = self.disabled_at.isoformat()
        else:
            disabled_at = self.disabled_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "api_key_id": api_key_id,
            "url": url,
            "event_types": event_types,
            "description": description,
            "status": status,
            "created_at": created_at,
            "disabled_at": disabled_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        api_key_id = d.pop("api_key_id")

        url = d.pop("url")

        event_types = cast(list[str], d.pop("event_types"))


        description = d.pop("description")

        status = WebhookPublicStatus(d.pop("status"))




        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_disabled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                disabled_at_type_0 = datetime.datetime.fromisoformat(data)



                return disabled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        disabled_at = _parse_disabled_at(d.pop("disabled_at"))


        webhook_public = cls(
            id=id,
            api_key_id=api_key_id,
            url=url,
            event_types=event_types,
            description=description,
            status=status,
            created_at=created_at,
            disabled_at=disabled_at,
        )


        webhook_public.additional_properties = d
        return webhook_public

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
