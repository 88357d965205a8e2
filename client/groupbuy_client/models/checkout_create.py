from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.line_in import LineIn





T = TypeVar("T", bound="CheckoutCreate")



@_attrs_define
class CheckoutCreate:
    """ A basket paid once, delivered to one of the buyer's addresses: the lines given, or — without
    ``lines`` — every line of the buyer's cart.  Lines checked out leave the cart.

        Attributes:
            address_id (int):
            lines (list[LineIn] | None | Unset):
     """

    address_id: int
    lines: list[LineIn] | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.line_in import LineIn # noqa: PLC0415
        address_id = self.address_id

        lines: list[dict[str, Any]] | None | Unset
        if isinstance(self.lines, Unset):
            lines = UNSET
        elif isinstance(self.lines, list):
            lines = []
            for lines_type_0_item_data in self.lines:
                lines_type_0_item = lines_type_0_item_data.to_dict()
                lines.append(lines_type_0_item)


        else:
            lines = self.lines


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "address_id": address_id,
        })
        if lines is not UNSET:
            field_dict["lines"] = lines

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.line_in import LineIn # noqa: PLC0415
        d = dict(src_dict)
        address_id = d.pop("address_id")

        def _parse_lines(data: object) -> list[LineIn] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                lines_type_0 = []
                _lines_type_0 = data
                for lines_type_0_item_data in (_lines_type_0):
                    lines_type_0_item = LineIn.from_dict(lines_type_0_item_data)



                    lines_type_0.append(lines_type_0_item)

                return lines_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[LineIn] | None | Unset, data)

        lines = _parse_lines(d.pop("lines", UNSET))


        checkout_create = cls(
            address_id=address_id,
            lines=lines,
        )

        return checkout_create

