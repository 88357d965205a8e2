from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="TreeNode")



@_attrs_define
class TreeNode:
    """ A user in the referral tree as ops see it: ids and levels, no personal data.

        Attributes:
            user_id (int):
            level (str):
            bound_at (datetime.datetime | None):
            has_paid (bool):
            referees (int): Direct referees (all of them, also those not listed in ``children``)
            children (list[TreeNode]):
            referrer_id (int | None | Unset):
     """

    user_id: int
    level: str
    bound_at: datetime.datetime | None
    has_paid: bool
    referees: int
    children: list[TreeNode]
    referrer_id: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        user_id = self.user_id

        level = self.level

        bound_at: None | str
        if isinstance(self.bound_at, datetime.datetime):
            bound_at = self.bound_at.isoformat()
        else:
            bound_at = self.bound_at

        has_paid = self.has_paid

        referees = self.referees

        children = []
        for children_item_data in self.children:
            children_item = children_item_data.to_dict()
            children.append(children_item)



        referrer_id: int | None | Unset
        if isinstance(self.referrer_id, Unset):
            referrer_id = UNSET
        else:
            referrer_id = self.referrer_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "user_id": user_id,
            "level": level,
            "bound_at": bound_at,
            "has_paid": has_paid,
            "referees": referees,
            "children": children,
        })
        if referrer_id is not UNSET:
            field_dict["referrer_id"] = referrer_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        user_id = d.pop("user_id")

        level = d.pop("level")

        def _parse_bound_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                bound_at_type_0 = datetime.datetime.fromisoformat(data)



                return bound_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        bound_at = _parse_bound_at(d.pop("bound_at"))


        has_paid = d.pop("has_paid")

        referees = d.pop("referees")

        children = []
        _children = d.pop("children")
        for children_item_data in (_children):
            children_item = TreeNode.from_dict(children_item_data)



            children.append(children_item)


        def _parse_referrer_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        referrer_id = _parse_referrer_id(d.pop("referrer_id", UNSET))


        tree_node = cls(
            user_id=user_id,
            level=level,
            bound_at=bound_at,
            has_paid=has_paid,
            referees=referees,
            children=children,
            referrer_id=referrer_id,
        )


        tree_node.additional_properties = d
        return tree_node

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
