from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.cart_line_public import CartLinePublic





T = TypeVar("T", bound="Cart")



@_attrs_define
class Cart:
    """ 
        Attributes:
            lines (list[CartLinePublic]):
            total_fen (int): The sum of the lines that can be bought now
            address_id (int | None | Unset):
     """

    lines: list[CartLinePublic]
    total_fen: int
    address_id: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.cart_line_public import CartLinePublic # noqa: PLC0415
        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)



        total_fen = self.total_fen

        address_id: int | None | Unset
        if isinstance(self.address_id, Unset):
            address_id = UNSET
        else:
            address_id = self.address_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "lines": lines,
            "total_fen": total_fen,
        })
        if address_id is not UNSET:
            field_dict["address_id"] = address_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cart_line_public import CartLinePublic # noqa: PLC0415
        d = dict(src_dict)
        lines = []
        _lines = d.pop("lines")
        for lines_item_data in (_lines):
            lines_item = CartLinePublic.from_dict(lines_item_data)



            lines.append(lines_item)


        total_fen = d.pop("total_fen")

        def _parse_address_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        address_id = _parse_address_id(d.pop("address_id", UNSET))


        cart = cls(
            lines=lines,
            total_fen=total_fen,
            address_id=address_id,
        )


        cart.additional_properties = d
        return cart

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
