from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="CategoryReorder")



@_attrs_define
class CategoryReorder:
    """ 
        Attributes:
            ids (list[int]): Every sibling's id once, in the new display order
            parent_id (int | None | Unset): Whose children are reordered; none: the top ones
     """

    ids: list[int]
    parent_id: int | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        ids = self.ids



        parent_id: int | None | Unset
        if isinstance(self.parent_id, Unset):
            parent_id = UNSET
        else:
            parent_id = self.parent_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "ids": ids,
        })
        if parent_id is not UNSET:
            field_dict["parent_id"] = parent_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        ids = cast(list[int], d.pop("ids"))


        def _parse_parent_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        parent_id = _parse_parent_id(d.pop("parent_id", UNSET))


        category_reorder = cls(
            ids=ids,
            parent_id=parent_id,
        )

        return category_reorder

