from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="LevelPublic")



@_attrs_define
class LevelPublic:
    """ 
        Attributes:
            code (str):
            name (str):
            rank (int): Order of levels: a higher rank is a higher level
            growth_threshold (int): Growth points (1 per yuan of confirmed spend) to reach it
            points_rate_permille (int | Unset): Points earned per growth point at this level, in thousandths (1500 = 1.5
                points) Default: 1000.
            referrals_threshold (int | None | Unset): Direct referees with a confirmed order that reach this level; None: no
                referral rule
     """

    code: str
    name: str
    rank: int
    growth_threshold: int
    points_rate_permille: int | Unset = 1000
    referrals_threshold: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        code = self.code

        name = self.name

        rank = self.rank

        growth_threshold = self.growth_threshold

        points_rate_permille = self.points_rate_permille

        referrals_threshold: int | None | Unset
        if isinstance(self.referrals_threshold, Unset):
            referrals_threshold = UNSET
        else:
            referrals_threshold = self.referrals_threshold


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "code": code,
            "name": name,
            "rank": rank,
            "growth_threshold": growth_threshold,
        })
        if points_rate_permille is not UNSET:
            field_dict["points_rate_permille"] = points_rate_permille
        if referrals_threshold is not UNSET:
            field_dict["referrals_threshold"] = referrals_threshold

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        name = d.pop("name")

        rank = d.pop("rank")

        growth_threshold = d.pop("growth_threshold")

        points_rate_permille = d.pop("points_rate_permille", UNSET)

        def _parse_referrals_threshold(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        referrals_threshold = _parse_referrals_threshold(d.pop("referrals_threshold", UNSET))


        level_public = cls(
            code=code,
            name=name,
            rank=rank,
            growth_threshold=growth_threshold,
            points_rate_permille=points_rate_permille,
            referrals_threshold=referrals_threshold,
        )


        level_public.additional_properties = d
        return level_public

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
