from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="CategoryCreate")



@_attrs_define
class CategoryCreate:
    """ 
        Attributes:
            name (str):
            parent_id (int | None | Unset): A top category's id; none for a top category
            position (int | Unset): Display order among its siblings, lowest first Default: 0.
            icon_url (None | str | Unset):
            active (bool | Unset):  Default: True.
     """

    name: str
    parent_id: int | None | Unset = UNSET
    position: int | Unset = 0
    icon_url: None | str | Unset = UNSET
    active: bool | Unset = True





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        parent_id: int | None | Unset
        if isinstance(self.parent_id, Unset):
            parent_id = UNSET
        else:
            parent_id = self.parent_id

        position = self.position

        icon_url: None | str | Unset
        if isinstance(self.icon_url, Unset):
            icon_url = UNSET
        else:
            icon_url = self.icon_url

        active = self.active


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
        })
        if parent_id is not UNSET:
            field_dict["parent_id"] = parent_id
        if position is not UNSET:
            field_dict["position"] = position
        if icon_url is not UNSET:
            field_dict["icon_url"] = icon_url
        if active is not UNSET:
            field_dict["active"] = active

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        def _parse_parent_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        parent_id = _parse_parent_id(d.pop("parent_id", UNSET))


        position = d.pop("position", UNSET)

        def _parse_icon_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        icon_url = _parse_icon_url(d.pop("icon_url", UNSET))


        active = d.pop("active", UNSET)

        category_create = cls(
            name=name,
            parent_id=parent_id,
            position=position,
            icon_url=icon_url,
            active=active,
        )

        return category_create

