from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="WebhookCreate")



@_attrs_define
class WebhookCreate:
    """ 
        Attributes:
            url (str): Where deliveries are POSTed (https)
            event_types (list[str]): Event types to receive, e.g. order.confirmed
            description (str | Unset):  Default: ''.
     """

    url: str
    event_types: list[str]
    description: str | Unset = ''





    def to_dict(self) -> dict[str, Any]:
        url = self.url

        event_types = self.event_types



        description = self.description


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "url": url,
            "event_types": event_types,
        })
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        event_types = cast(list[str], d.pop("event_types"))


        description = d.pop("description", UNSET)

        webhook_create = cls(
            url=url,
            event_types=event_types,
            description=description,
        )

        return webhook_create

