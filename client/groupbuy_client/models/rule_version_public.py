from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.rule_set import RuleSet





T = TypeVar("T", bound="RuleVersionPublic")



@_attrs_define
class RuleVersionPublic:
    """ 
        Attributes:
            version (int): 0 is the configured default, in force before any version was published
            rules (RuleSet): Validated on construction (``ValueError``); ``warnings`` lists what an admin must be told.
            effective_from (datetime.datetime | None):
            created_by (int | None):
            note (str):
            in_force (bool):
            warnings (list[str]):
     """

    version: int
    rules: RuleSet
    effective_from: datetime.datetime | None
    created_by: int | None
    note: str
    in_force: bool
    warnings: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.rule_set import RuleSet # noqa: PLC0415
        version = self.version

        rules = self.rules.to_dict()

        effective_from: None | str
        if isinstance(self.effective_from, datetime.datetime):
            effective_from = self.effective_from.isoformat()
        else:
            effective_from = self.effective_from

        created_by: int | None
        created_by = self.created_by

        note = self.note

        in_force = self.in_force

        warnings = self.warnings




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "version": version,
            "rules": rules,
            "effective_from": effective_from,
            "created_by": created_by,
            "note": note,
            "in_force": in_force,
            "warnings": warnings,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rule_set import RuleSet # noqa: PLC0415
        d = dict(src_dict)
        version = d.pop("version")

        rules = RuleSet.from_dict(d.pop("rules"))




        def _parse_effective_from(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                effective_from_type_0 = datetime.datetime.fromisoformat(data)



                return effective_from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        effective_from = _parse_effective_from(d.pop("effective_from"))


        def _parse_created_by(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        created_by = _parse_created_by(d.pop("created_by"))


        note = d.pop("note")

        in_force = d.pop("in_force")

        warnings = cast(list[str], d.pop("warnings"))


        rule_version_public = cls(
            version=version,
            rules=rules,
            effective_from=effective_from,
            created_by=created_by,
            note=note,
            in_force=in_force,
            warnings=warnings,
        )


        rule_version_public.additional_properties = d
        return rule_version_public

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
