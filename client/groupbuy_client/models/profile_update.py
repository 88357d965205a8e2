from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="ProfileUpdate")



@_attrs_define
class ProfileUpdate:
    """ Only what is sent changes; ``avatar_url: null`` removes the avatar.

        Attributes:
            nickname (None | str | Unset):
            avatar_url (None | str | Unset):
     """

    nickname: None | str | Unset = UNSET
    avatar_url: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        nickname: None | str | Unset
        if isinstance(self.nickname, Unset):
            nickname = UNSET
        else:
            nickname = self.nickname

        avatar_url: None | str | Unset
        if isinstance(self.avatar_url, Unset):
            avatar_url = UNSET
        else:
            avatar_url = self.avatar_url


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if nickname is not UNSET:
            field_dict["nickname"] = nickname
        if avatar_url is not UNSET:
            field_dict["avatar_url"] = avatar_url

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_nickname(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        nickname = _parse_nickname(d.pop("nickname", UNSET))


        def _parse_avatar_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        avatar_url = _parse_avatar_url(d.pop("avatar_url", UNSET))


        profile_update = cls(
            nickname=nickname,
            avatar_url=avatar_url,
        )

        return profile_update

