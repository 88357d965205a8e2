from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.dev_login_roles_item import DevLoginRolesItem
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="DevLogin")



@_attrs_define
class DevLogin:
    """ 
        Attributes:
            openid (str):
            roles (list[DevLoginRolesItem] | Unset):
     """

    openid: str
    roles: list[DevLoginRolesItem] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        openid = self.openid

        roles: list[str] | Unset = UNSET
        if not isinstance(self.roles, Unset):
            roles = []
            for roles_item_data in self.roles:
                roles_item = roles_item_data.value
                roles.append(roles_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "openid": openid,
        })
        if roles is not UNSET:
            field_dict["roles"] = roles

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        openid = d.pop("openid")

        _roles = d.pop("roles", UNSET)
        roles: list[DevLoginRolesItem] | Unset = UNSET
        if _roles is not UNSET:
            roles = []
            for roles_item_data in _roles:
                roles_item = DevLoginRolesItem(roles_item_data)



                roles.append(roles_item)


        dev_login = cls(
            openid=openid,
            roles=roles,
        )

        return dev_login

