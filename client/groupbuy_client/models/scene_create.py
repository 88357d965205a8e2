from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.scene_create_kind import SceneCreateKind






T = TypeVar("T", bound="SceneCreate")



@_attrs_define
class SceneCreate:
    """ 
        Attributes:
            kind (SceneCreateKind):
            target (str): The referral code, or the product, group or community id
     """

    kind: SceneCreateKind
    target: str





    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        target = self.target


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "kind": kind,
            "target": target,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = SceneCreateKind(d.pop("kind"))




        target = d.pop("target")

        scene_create = cls(
            kind=kind,
            target=target,
        )

        return scene_create

