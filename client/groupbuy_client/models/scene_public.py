from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.scene_public_kind import ScenePublicKind
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="ScenePublic")



@_attrs_define
class ScenePublic:
    """ 
        Attributes:
            scene (str):
            kind (ScenePublicKind):
            target (str):
            page (str): The mini-program page the code opens
            query (str): What that page reads, e.g. ``ref=AB12CD``
            image_url (str): The code as a PNG (GET, no credentials needed)
            share_token (None | str | Unset): A group's share token (kind ``group``): pass it on as the order's ``source``
     """

    scene: str
    kind: ScenePublicKind
    target: str
    page: str
    query: str
    image_url: str
    share_token: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        scene = self.scene

        kind = self.kind.value

        target = self.target

        page = self.page

        query = self.query

        image_url = self.image_url

        share_token: None | str | Unset
        if isinstance(self.share_token, Unset):
            share_token = UNSET
        else:
            share_token = self.share_token


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "scene": scene,
            "kind": kind,
            "target": target,
            "page": page,
            "query": query,
            "image_url": image_url,
        })
        if share_token is not UNSET:
            field_dict["share_token"] = share_token

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        scene = d.pop("scene")

        kind = ScenePublicKind(d.pop("kind"))




        target = d.pop("target")

        page = d.pop("page")

        query = d.pop("query")

        image_url = d.pop("image_url")

        def _parse_share_token(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        share_token = _parse_share_token(d.pop("share_token", UNSET))


        scene_public = cls(
            scene=scene,
            kind=kind,
            target=target,
            page=page,
            query=query,
            image_url=image_url,
            share_token=share_token,
        )


        scene_public.additional_properties = d
        return scene_public

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
