from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="CartLinePublic")



@_attrs_define
class CartLinePublic:
    """ A cart line with its live quote: the price the buyer would pay if they checked out now, by the one
    rule open to them (list, member, ladder tier, flash, early bird), or why it cannot be bought.

        Attributes:
            id (int):
            sku_id (int):
            activity_id (int | None):
            quantity (int):
            available (bool):
            product_name (None | str | Unset):
            unit_price_fen (int | None | Unset): None when it cannot be bought now
            amount_fen (int | None | Unset):
            price_rule (None | str | Unset):
            list_price_fen (int | None | Unset):
            ladder_threshold (int | None | Unset): The tier quoted: of the group open at the address, or the first tier
            unavailable_reason (None | str | Unset): sold_out, activity_ended, activity_not_started, not_on_sale,
                limit_reached
     """

    id: int
    sku_id: int
    activity_id: int | None
    quantity: int
    available: bool
    product_name: None | str | Unset = UNSET
    unit_price_fen: int | None | Unset = UNSET
    amount_fen: int | None | Unset = UNSET
    price_rule: None | str | Unset = UNSET
    list_price_fen: int | None | Unset = UNSET
    ladder_threshold: int | None | Unset = UNSET
    unavailable_reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        sku_id = self.sku_id

        activity_id: int | None
        activity_id = self.activity_id

        quantity = self.quantity

        available = self.available

        product_name: None | str | Unset
        if isinstance(self.product_name, Unset):
            product_name = UNSET
        else:
            product_name = self.product_name

        unit_price_fen: int | None | Unset
        if isinstance(self.unit_price_fen, Unset):
            unit_price_fen = UNSET
        else:
            unit_price_fen = self.unit_price_fen

        amount_fen: int | None | Unset
        if isinstance(self.amount_fen, Unset):
            amount_fen = UNSET
        else:
            amount_fen = self.amount_fen

        price_rule: None | str | Unset
        if isinstance(self.price_rule, Unset):
            price_rule = UNSET
        else:
            price_rule = self.price_rule

        list_price_fen: int | None | Unset
        if isinstance(self.list_price_fen, Unset):
            list_price_fen = UNSET
        else:
            list_price_fen = self.list_price_fen

        ladder_threshold: int | None | Unset
        if isinstance(self.ladder_threshold, Unset):
            ladder_threshold = UNSET
        else:
            ladder_threshold = self.ladder_threshold

        unavailable_reason: None | str | Unset
        if isinstance(self.unavailable_reason, Unset):
            unavailable_reason = UNSET
        else:
            unavailable_reason = self.unavailable_reason


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "sku_id": sku_id,
            "activity_id": activity_id,
            "quantity": quantity,
            "available": available,
        })
        if product_name is not UNSET:
            field_dict["product_name"] = product_name
        if unit_price_fen is not UNSET:
            field_dict["unit_price_fen"] = unit_price_fen
        if amount_fen is not UNSET:
            field_dict["amount_fen"] = amount_fen
        if price_rule is not UNSET:
            field_dict["price_rule"] = price_rule
        if list_price_fen is not UNSET:
            field_dict["list_price_fen"] = list_price_fen
        if ladder_threshold is not UNSET:
            field_dict["ladder_threshold"] = ladder_threshold
        if unavailable_reason is not UNSET:
            field_dict["unavailable_reason"] = unavailable_reason

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        sku_id = d.pop("sku_id")

        def _parse_activity_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        activity_id = _parse_activity_id(d.pop("activity_id"))


        quantity = d.pop("quantity")

        available = d.pop("available")

        def _parse_product_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        product_name = _parse_product_name(d.pop("product_name", UNSET))


        def _parse_unit_price_fen(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        unit_price_fen = _parse_unit_price_fen(d.pop("unit_price_fen", UNSET))


        def _parse_amount_fen(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        amount_fen = _parse_amount_fen(d.pop("amount_fen", UNSET))


        def _parse_price_rule(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        price_rule = _parse_price_rule(d.pop("price_rule", UNSET))


        def _parse_list_price_fen(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        list_price_fen = _parse_list_price_fen(d.pop("list_price_fen", UNSET))


        def _parse_ladder_threshold(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        ladder_threshold = _parse_ladder_threshold(d.pop("ladder_threshold", UNSET))


        def _parse_unavailable_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        unavailable_reason = _parse_unavailable_reason(d.pop("unavailable_reason", UNSET))


        cart_line_public = cls(
            id=id,
            sku_id=sku_id,
            activity_id=activity_id,
            quantity=quantity,
            available=available,
            product_name=product_name,
            unit_price_fen=unit_price_fen,
            amount_fen=amount_fen,
            price_rule=price_rule,
            list_price_fen=list_price_fen,
            ladder_threshold=ladder_threshold,
            unavailable_reason=unavailable_reason,
        )


        cart_line_public.additional_properties = d
        return cart_line_public

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
