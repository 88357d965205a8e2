from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.sku_in_member_prices import SkuInMemberPrices





T = TypeVar("T", bound="SkuIn")



@_attrs_define
class SkuIn:
    """ 
        Attributes:
            name (str):
            price_fen (int):
            member_prices (SkuInMemberPrices | Unset):
            stock (int | Unset):  Default: 0.
            external_id (None | str | Unset):
     """

    name: str
    price_fen: int
    member_prices: SkuInMemberPrices | Unset = UNSET
    stock: int | Unset = 0
    external_id: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.sku_in_member_prices import SkuInMemberPrices # noqa: PLC0415
        name = self.name

        price_fen = self.price_fen

        member_prices: dict[str, Any] | Unset = UNSET
        if not isinstance(self.member_prices, Unset):
            member_prices = self.member_prices.to_dict()

        stock = self.stock

        external_id: None | str | Unset
        if isinstance(self.external_id, Unset):
            external_id = UNSET
        else:
            external_id = self.external_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
            "price_fen": price_fen,
        })
        if member_prices is not UNSET:
            field_dict["member_prices"] = member_prices
        if stock is not UNSET:
            field_dict["stock"] = stock
        if external_id is not UNSET:
            field_dict["external_id"] = external_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sku_in_member_prices import SkuInMemberPrices # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name")

        price_fen = d.pop("price_fen")

        _member_prices = d.pop("member_prices", UNSET)
        member_prices: SkuInMemberPrices | Unset
        if isinstance(_member_prices,  Unset):
            member_prices = UNSET
        else:
            member_prices = SkuInMemberPrices.from_dict(_member_prices)




        stock = d.pop("stock", UNSET)

        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("external_id", UNSET))


        sku_in = cls(
            name=name,
            price_fen=price_fen,
            member_prices=member_prices,
            stock=stock,
            external_id=external_id,
        )

        return sku_in

