from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="ArrivalLine")



@_attrs_define
class ArrivalLine:
    """ 
        Attributes:
            sku_id (int):
            received (int):
            short (int):
            damaged (int):
            photo_urls (list[str] | Unset):
     """

    sku_id: int
    received: int
    short: int
    damaged: int
    photo_urls: list[str] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        sku_id = self.sku_id

        received = self.received

        short = self.short

        damaged = self.damaged

        photo_urls: list[str] | Unset = UNSET
        if not isinstance(self.photo_urls, Unset):
            photo_urls = self.photo_urls




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "sku_id": sku_id,
            "received": received,
            "short": short,
            "damaged": damaged,
        })
        if photo_urls is not UNSET:
            field_dict["photo_urls"] = photo_urls

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sku_id = d.pop("sku_id")

        received = d.pop("received")

        short = d.pop("short")

        damaged = d.pop("damaged")

        photo_urls = cast(list[str], d.pop("photo_urls", UNSET))


        arrival_line = cls(
            sku_id=sku_id,
            received=received,
            short=short,
            damaged=damaged,
            photo_urls=photo_urls,
        )

        return arrival_line

