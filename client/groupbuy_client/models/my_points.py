from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.next_level import NextLevel





T = TypeVar("T", bound="MyPoints")



@_attrs_define
class MyPoints:
    """ 
        Attributes:
            points_balance (int):
            growth_total (int):
            level (str):
            next_level (NextLevel | None): The level above the caller's; None at the top
     """

    points_balance: int
    growth_total: int
    level: str
    next_level: NextLevel | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.next_level import NextLevel # noqa: PLC0415
        points_balance = self.points_balance

        growth_total = self.growth_total

        level = self.level

        next_level: dict[str, Any] | None
        if isinstance(self.next_level, NextLevel):
            next_level = self.next_level.to_dict()
        else:
            next_level = self.next_level


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "points_balance": points_balance,
            "growth_total": growth_total,
            "level": level,
            "next_level": next_level,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.next_level import NextLevel # noqa: PLC0415
        d = dict(src_dict)
        points_balance = d.pop("points_balance")

        growth_total = d.pop("growth_total")

        level = d.pop("level")

        def _parse_next_level(data: object) -> NextLevel | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                next_level_type_0 = NextLevel.from_dict(data)



                return next_level_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(NextLevel | None, data)

        next_level = _parse_next_level(d.pop("next_level"))


        my_points = cls(
            points_balance=points_balance,
            growth_total=growth_total,
            level=level,
            next_level=next_level,
        )


        my_points.additional_properties = d
        return my_points

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
