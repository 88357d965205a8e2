from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.actor_public_kind import ActorPublicKind
from typing import cast






T = TypeVar("T", bound="ActorPublic")



@_attrs_define
class ActorPublic:
    """ 
        Attributes:
            kind (ActorPublicKind):
            id (int | None): The user's or the API key's id
            roles (list[str]): A user's roles when they acted
            name (None | str): A service's or a background job's name
     """

    kind: ActorPublicKind
    id: int | None
    roles: list[str]
    name: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        id: int | None
        id = self.id

        roles = self.roles



        name: None | str
        name = self.name


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "kind": kind,
            "id": id,
            "roles": roles,
            "name": name,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = ActorPublicKind(d.pop("kind"))




        def _parse_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        id = _parse_id(d.pop("id"))


        roles = cast(list[str], d.pop("roles"))


        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))


        actor_public = cls(
            kind=kind,
            id=id,
            roles=roles,
            name=name,
        )


        actor_public.additional_properties = d
        return actor_public

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
