from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.sku_update_member_prices_type_0 import SkuUpdateMemberPricesType0





T = TypeVar("T", bound="SkuUpdate")



@_attrs_define
class SkuUpdate:
    """ 
        Attributes:
            name (None | str | Unset):
            price_fen (int | None | Unset):
            member_prices (None | SkuUpdateMemberPricesType0 | Unset):
     """

    name: None | str | Unset = UNSET
    price_fen: int | None | Unset = UNSET
    member_prices: None | SkuUpdateMemberPricesType0 | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.sku_update_member_prices_type_0 import SkuUpdateMemberPricesType0 # noqa: PLC0415
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        price_fen: int | None | Unset
        if isinstance(self.price_fen, Unset):
            price_fen = UNSET
        else:
            price_fen = self.price_fen

        member_prices: dict[str, Any] | None | Unset
        if isinstance(self.member_prices, Unset):
            member_prices = UNSET
        elif isinstance(self.member_prices, SkuUpdateMemberPricesType0):
            member_prices = self.member_prices.to_dict()
        else:
            member_prices = self.member_prices


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if name is not UNSET:
            field_dict["name"] = name
        if price_fen is not UNSET:
            field_dict["price_fen"] = price_fen
        if member_prices is not UNSET:
            field_dict["member_prices"] = member_prices

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sku_update_member_prices_type_0 import SkuUpdateMemberPricesType0 # noqa: PLC0415
        d = dict(src_dict)
        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))


        def _parse_price_fen(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        price_fen = _parse_price_fen(d.pop("price_fen", UNSET))


        def _parse_member_prices(data: object) -> None | SkuUpdateMemberPricesType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                member_prices_type_0 = SkuUpdateMemberPricesType0.from_dict(data)



                return member_prices_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SkuUpdateMemberPricesType0 | Unset, data)

        member_prices = _parse_member_prices(d.pop("member_prices", UNSET))


        sku_update = cls(
            name=name,
            price_fen=price_fen,
            member_prices=member_prices,
        )

        return sku_update

