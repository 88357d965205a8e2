from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.share_source_kind import ShareSourceKind
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="ShareSource")



@_attrs_define
class ShareSource:
    """ How the buyer arrived at this order (a group join, mostly): what they opened.

        Attributes:
            kind (ShareSourceKind):
            scene (None | str | Unset): The scanned mini-program code's scene (``GET /v1/scenes/{scene}``)
            group_id (int | None | Unset): The shared ladder group, with its ``share_token``
            share_token (None | str | Unset): The group's share token, from its card, poster or code
     """

    kind: ShareSourceKind
    scene: None | str | Unset = UNSET
    group_id: int | None | Unset = UNSET
    share_token: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        scene: None | str | Unset
        if isinstance(self.scene, Unset):
            scene = UNSET
        else:
            scene = self.scene

        group_id: int | None | Unset
        if isinstance(self.group_id, Unset):
            group_id = UNSET
        else:
            group_id = self.group_id

        share_token: None | str | Unset
        if isinstance(self.share_token, Unset):
            share_token = UNSET
        else:
            share_token = self.share_token


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "kind": kind,
        })
        if scene is not UNSET:
            field_dict["scene"] = scene
        if group_id is not UNSET:
            field_dict["group_id"] = group_id
        if share_token is not UNSET:
            field_dict["share_token"] = share_token

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = ShareSourceKind(d.pop("kind"))




        def _parse_scene(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        scene = _parse_scene(d.pop("scene", UNSET))


        def _parse_group_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        group_id = _parse_group_id(d.pop("group_id", UNSET))


        def _parse_share_token(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        share_token = _parse_share_token(d.pop("share_token", UNSET))


        share_source = cls(
            kind=kind,
            scene=scene,
            group_id=group_id,
            share_token=share_token,
        )

        return share_source

