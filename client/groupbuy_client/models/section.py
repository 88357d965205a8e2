from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="Section")



@_attrs_define
class Section:
    """ A titled list on the home page: chosen products, or a category.

        Attributes:
            title (str):
            product_ids (list[int] | None | Unset):
            category_id (int | None | Unset):
     """

    title: str
    product_ids: list[int] | None | Unset = UNSET
    category_id: int | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        title = self.title

        product_ids: list[int] | None | Unset
        if isinstance(self.product_ids, Unset):
            product_ids = UNSET
        elif isinstance(self.product_ids, list):
            product_ids = self.product_ids


        else:
            product_ids = self.product_ids

        category_id: int | None | Unset
        if isinstance(self.category_id, Unset):
            category_id = UNSET
        else:
            category_id = self.category_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "title": title,
        })
        if product_ids is not UNSET:
            field_dict["product_ids"] = product_ids
        if category_id is not UNSET:
            field_dict["category_id"] = category_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        title = d.pop("title")

        def _parse_product_ids(data: object) -> list[int] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                product_ids_type_0 = cast(list[int], data)

                return product_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[int] | None | Unset, data)

        product_ids = _parse_product_ids(d.pop("product_ids", UNSET))


        def _parse_category_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        category_id = _parse_category_id(d.pop("category_id", UNSET))


        section = cls(
            title=title,
            product_ids=product_ids,
            category_id=category_id,
        )

        return section

