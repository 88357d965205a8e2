from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="SceneConsent")



@_attrs_define
class SceneConsent:
    """ 
        Attributes:
            scene (str):
            template_id (str): What to pass to wx.requestSubscribeMessage for this scene
            available (int): Messages of this scene the user has consented to and not yet received
     """

    scene: str
    template_id: str
    available: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        scene = self.scene

        template_id = self.template_id

        available = self.available


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "scene": scene,
            "template_id": template_id,
            "available": available,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        scene = d.pop("scene")

        template_id = d.pop("template_id")

        available = d.pop("available")

        scene_consent = cls(
            scene=scene,
            template_id=template_id,
            available=available,
        )


        scene_consent.additional_properties = d
        return scene_consent

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
