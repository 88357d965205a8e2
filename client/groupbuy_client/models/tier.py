from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="Tier")



@_attrs_define
class Tier:
    """ 
        Attributes:
            threshold (int):
            unit_price_fen (int):
     """

    threshold: int
    unit_price_fen: int





    def to_dict(self) -> dict[str, Any]:
        threshold = self.threshold

        unit_price_fen = self.unit_price_fen


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "threshold": threshold,
            "unit_price_fen": unit_price_fen,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        threshold = d.pop("threshold")

        unit_price_fen = d.pop("unit_price_fen")

        tier = cls(
            threshold=threshold,
            unit_price_fen=unit_price_fen,
        )

        return tier

