from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.sku_public_member_prices import SkuPublicMemberPrices





T = TypeVar("T", bound="SkuPublic")



@_attrs_define
class SkuPublic:
    """ 
        Attributes:
            id (int):
            name (str):
            price_fen (int):
            member_prices (SkuPublicMemberPrices):
            available (int): Units that can be ordered now (for a gift pack: from its components)
     """

    id: int
    name: str
    price_fen: int
    member_prices: SkuPublicMemberPrices
    available: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.sku_public_member_prices import SkuPublicMemberPrices # noqa: PLC0415
        id = self.id

        name = self.name

        price_fen = self.price_fen

        member_prices = self.member_prices.to_dict()

        available = self.available


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "name": name,
            "price_fen": price_fen,
            "member_prices": member_prices,
            "available": available,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sku_public_member_prices import SkuPublicMemberPrices # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        price_fen = d.pop("price_fen")

        member_prices = SkuPublicMemberPrices.from_dict(d.pop("member_prices"))




        available = d.pop("available")

        sku_public = cls(
            id=id,
            name=name,
            price_fen=price_fen,
            member_prices=member_prices,
            available=available,
        )


        sku_public.additional_properties = d
        return sku_public

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
