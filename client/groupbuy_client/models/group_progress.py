from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.group_status import GroupStatus
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.next_tier_public import NextTierPublic





T = TypeVar("T", bound="GroupProgress")



@_attrs_define
class GroupProgress:
    """ What a group shows its participants: how many, the price now, how far to the next tier, time left.

        Attributes:
            id (int):
            activity_id (int):
            status (GroupStatus):
            paid_count (int):
            portions (int):
            reached_threshold (int):
            unit_price_fen (int | None): The price the group has reached; None before anyone paid
            next_tier (NextTierPublic | None):
            opened_at (datetime.datetime):
            closes_at (datetime.datetime):
            seconds_left (int):
     """

    id: int
    activity_id: int
    status: GroupStatus
    paid_count: int
    portions: int
    reached_threshold: int
    unit_price_fen: int | None
    next_tier: NextTierPublic | None
    opened_at: datetime.datetime
    closes_at: datetime.datetime
    seconds_left: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.next_tier_public import NextTierPublic # noqa: PLC0415
        id = self.id

        activity_id = self.activity_id

        status = self.status.value

        paid_count = self.paid_count

        portions = self.portions

        reached_threshold = self.reached_threshold

        unit_price_fen: int | None
        unit_price_fen = self.unit_price_fen

        next_tier: dict[str, Any] | None
        if isinstance(self.next_tier, NextTierPublic):
            next_tier = self.next_tier.to_dict()
        else:
            next_tier = self.next_tier

        opened_at = self.opened_at.isoformat()

        closes_at = self.closes_at.isoformat()

        seconds_left = self.seconds_left


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "activity_id": activity_id,
            "status": status,
            "paid_count": paid_count,
            "portions": portions,
            "reached_threshold": reached_threshold,
            "unit_price_fen": unit_price_fen,
            "next_tier": next_tier,
            "opened_at": opened_at,
            "closes_at": closes_at,
            "seconds_left": seconds_left,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.next_tier_public import NextTierPublic # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        activity_id = d.pop("activity_id")

        status = GroupStatus(d.pop("status"))




        paid_count = d.pop("paid_count")

        portions = d.pop("portions")

        reached_threshold = d.pop("reached_threshold")

        def _parse_unit_price_fen(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        unit_price_fen = _parse_unit_price_fen(d.pop("unit_price_fen"))


        def _parse_next_tier(data: object) -> NextTierPublic | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                next_tier_type_0 = NextTierPublic.from_dict(data)



                return next_tier_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(NextTierPublic | None, data)

        next_tier = _parse_next_tier(d.pop("next_tier"))


        opened_at = datetime.datetime.fromisoformat(d.pop("opened_at"))




        closes_at = datetime.datetime.fromisoformat(d.pop("closes_at"))




        seconds_left = d.pop("seconds_left")

        group_progress = cls(
            id=id,
            activity_id=activity_id,
            status=status,
            paid_count=paid_count,
            portions=portions,
            reached_threshold=reached_threshold,
            unit_price_fen=unit_price_fen,
            next_tier=next_tier,
            opened_at=opened_at,
            closes_at=closes_at,
            seconds_left=seconds_left,
        )


        group_progress.additional_properties = d
        return group_progress

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
