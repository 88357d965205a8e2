from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="CategoryPublic")



@_attrs_define
class CategoryPublic:
    """ 
        Attributes:
            id (int):
            name (str):
            parent_id (int | None):
            position (int):
            icon_url (None | str):
            active (bool):
            children (list[CategoryPublic] | Unset): A top category's children
     """

    id: int
    name: str
    parent_id: int | None
    position: int
    icon_url: None | str
    active: bool
    children: list[CategoryPublic] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        parent_id: int | None
        parent_id = self.parent_id

        position = self.position

        icon_url: None | str
        icon_url = self.icon_url

        active = self.active

        children: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.children, Unset):
            children = []
            for children_item_data in self.children:
                children_item = children_item_data.to_dict()
                children.append(children_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "name": name,
            "parent_id": parent_id,
            "position": position,
            "icon_url": icon_url,
            "active": active,
        })
        if children is not UNSET:
            field_dict["children"] = children

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        def _parse_parent_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        parent_id = _parse_parent_id(d.pop("parent_id"))


        position = d.pop("position")

        def _parse_icon_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        icon_url = _parse_icon_url(d.pop("icon_url"))


        active = d.pop("active")

        _children = d.pop("children", UNSET)
        children: list[CategoryPublic] | Unset = UNSET
        if _children is not UNSET:
            children = []
            for children_item_data in _children:
                children_item = CategoryPublic.from_dict(children_item_data)



                children.append(children_item)


        category_public = cls(
            id=id,
            name=name,
            parent_id=parent_id,
            position=position,
            icon_url=icon_url,
            active=active,
            children=children,
        )


        category_public.additional_properties = d
        return category_public

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
