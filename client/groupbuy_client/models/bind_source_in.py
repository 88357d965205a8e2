from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.bind_source_in_kind import BindSourceInKind
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="BindSourceIn")



@_attrs_define
class BindSourceIn:
    """ How a user arrived at a bind (``services/referrals/bind_sources.py``).

        Attributes:
            kind (BindSourceInKind):
            scene (None | str | Unset): The scanned code's scene, with kind ``scene``
     """

    kind: BindSourceInKind
    scene: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        scene: None | str | Unset
        if isinstance(self.scene, Unset):
            scene = UNSET
        else:
            scene = self.scene


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "kind": kind,
        })
        if scene is not UNSET:
            field_dict["scene"] = scene

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = BindSourceInKind(d.pop("kind"))




        def _parse_scene(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        scene = _parse_scene(d.pop("scene", UNSET))


        bind_source_in = cls(
            kind=kind,
            scene=scene,
        )

        return bind_source_in

