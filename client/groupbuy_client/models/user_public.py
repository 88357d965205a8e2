from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="UserPublic")



@_attrs_define
class UserPublic:
    """ 
        Attributes:
            id (int):
            nickname (str):
            roles (list[str]):
            level (str):
            created_at (datetime.datetime):
            avatar_url (None | str | Unset):
     """

    id: int
    nickname: str
    roles: list[str]
    level: str
    created_at: datetime.datetime
    avatar_url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        nickname = self.nickname

        roles = self.roles



        level = self.level

        created_at = self.created_at.isoformat()

        avatar_url: None | str | Unset
        if isinstance(self.avatar_url, Unset):
            avatar_url = UNSET
        else:
            avatar_url = self.avatar_url


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "nickname": nickname,
            "roles": roles,
            "level": level,
            "created_at": created_at,
        })
        if avatar_url is not UNSET:
            field_dict["avatar_url"] = avatar_url

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        nickname = d.pop("nickname")

        roles = cast(list[str], d.pop("roles"))


        level = d.pop("level")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_avatar_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        avatar_url = _parse_avatar_url(d.pop("avatar_url", UNSET))


        user_public = cls(
            id=id,
            nickname=nickname,
            roles=roles,
            level=level,
            created_at=created_at,
            avatar_url=avatar_url,
        )


        user_public.additional_properties = d
        return user_public

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
