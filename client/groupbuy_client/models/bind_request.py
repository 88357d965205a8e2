from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.bind_source_in import BindSourceIn





T = TypeVar("T", bound="BindRequest")



@_attrs_define
class BindRequest:
    """ 
        Attributes:
            code (str): The referral code a shared link carried
            source (BindSourceIn | None | Unset): How the user arrived (``bind_sources``)
     """

    code: str
    source: BindSourceIn | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.bind_source_in import BindSourceIn # noqa: PLC0415
        code = self.code

        source: dict[str, Any] | None | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        elif isinstance(self.source, BindSourceIn):
            source = self.source.to_dict()
        else:
            source = self.source


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "code": code,
        })
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bind_source_in import BindSourceIn # noqa: PLC0415
        d = dict(src_dict)
        code = d.pop("code")

        def _parse_source(data: object) -> BindSourceIn | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                source_type_0 = BindSourceIn.from_dict(data)



                return source_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BindSourceIn | None | Unset, data)

        source = _parse_source(d.pop("source", UNSET))


        bind_request = cls(
            code=code,
            source=source,
        )


        bind_request.additional_properties = d
        return bind_request

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
