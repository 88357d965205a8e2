from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.confirm_line import ConfirmLine





T = TypeVar("T", bound="PurchaseOrderConfirm")



@_attrs_define
class PurchaseOrderConfirm:
    """ The supplier's answer: the units it will deliver of each SKU (fewer than ordered: short).  A SKU left
    out is confirmed in full.

        Attributes:
            lines (list[ConfirmLine] | Unset):
     """

    lines: list[ConfirmLine] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.confirm_line import ConfirmLine # noqa: PLC0415
        lines: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.lines, Unset):
            lines = []
            for lines_item_data in self.lines:
                lines_item = lines_item_data.to_dict()
                lines.append(lines_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if lines is not UNSET:
            field_dict["lines"] = lines

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.confirm_line import ConfirmLine # noqa: PLC0415
        d = dict(src_dict)
        _lines = d.pop("lines", UNSET)
        lines: list[ConfirmLine] | Unset = UNSET
        if _lines is not UNSET:
            lines = []
            for lines_item_data in _lines:
                lines_item = ConfirmLine.from_dict(lines_item_data)



                lines.append(lines_item)


        purchase_order_confirm = cls(
            lines=lines,
        )

        return purchase_order_confirm

