from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="LineIn")



@_attrs_define
class LineIn:
    """ One line of a basket: a SKU bought as it is (``sku_id``) or through an activity (``activity_id``).

        Attributes:
            sku_id (int | None | Unset):
            activity_id (int | None | Unset):
            quantity (int | Unset):  Default: 1.
     """

    sku_id: int | None | Unset = UNSET
    activity_id: int | None | Unset = UNSET
    quantity: int | Unset = 1





    def to_dict(self) -> dict[str, Any]:
        sku_id: int | None | Unset
        if isinstance(self.sku_id, Unset):
            sku_id = UNSET
        else:
            sku_id = self.sku_id

        activity_id: int | None | Unset
        if isinstance(self.activity_id, Unset):
            activity_id = UNSET
        else:
            activity_id = self.activity_id

        quantity = self.quantity


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if sku_id is not UNSET:
            field_dict["sku_id"] = sku_id
        if activity_id is not UNSET:
            field_dict["activity_id"] = activity_id
        if quantity is not UNSET:
            field_dict["quantity"] = quantity

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_sku_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        sku_id = _parse_sku_id(d.pop("sku_id", UNSET))


        def _parse_activity_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        activity_id = _parse_activity_id(d.pop("activity_id", UNSET))


        quantity = d.pop("quantity", UNSET)

        line_in = cls(
            sku_id=sku_id,
            activity_id=activity_id,
            quantity=quantity,
        )

        return line_in

