from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.batch_line import BatchLine
  from ..models.batch_result_counts import BatchResultCounts





T = TypeVar("T", bound="BatchResult")



@_attrs_define
class BatchResult:
    """ A batch's report, order by order; sent again, the same batch reports the same orders as done.

        Attributes:
            community_id (int):
            date (datetime.date):
            counts (BatchResultCounts): Orders per outcome
            lines (list[BatchLine]):
            user_id (int | None | Unset): The buyer, for a hand-out
            buyer (None | str | Unset): The buyer, masked: 王* 138****0000
     """

    community_id: int
    date: datetime.date
    counts: BatchResultCounts
    lines: list[BatchLine]
    user_id: int | None | Unset = UNSET
    buyer: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.batch_line import BatchLine # noqa: PLC0415
        from ..models.batch_result_counts import BatchResultCounts # noqa: PLC0415
        community_id = self.community_id

        date = self.date.isoformat()

        counts = self.counts.to_dict()

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)



        user_id: int | None | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        else:
            user_id = self.user_id

        buyer: None | str | Unset
        if isinstance(self.buyer, Unset):
            buyer = UNSET
        else:
            buyer = self.buyer


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "community_id": community_id,
            "date": date,
            "counts": counts,
            "lines": lines,
        })
        if user_id is not UNSET:
            field_dict["user_id"] = user_id
        if buyer is not UNSET:
            field_dict["buyer"] = buyer

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.batch_line import BatchLine # noqa: PLC0415
        from ..models.batch_result_counts import BatchResultCounts # noqa: PLC0415
        d = dict(src_dict)
        community_id = d.pop("community_id")

        date = datetime.date.fromisoformat(d.pop("date"))




        counts = BatchResultCounts.from_dict(d.pop("counts"))




        lines = []
        _lines = d.pop("lines")
        for lines_item_data in (_lines):
            lines_item = BatchLine.from_dict(lines_item_data)



            lines.append(lines_item)


        def _parse_user_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        user_id = _parse_user_id(d.pop("user_id", UNSET))


        def _parse_buyer(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        buyer = _parse_buyer(d.pop("buyer", UNSET))


        batch_result = cls(
            community_id=community_id,
            date=date,
            counts=counts,
            lines=lines,
            user_id=user_id,
            buyer=buyer,
        )


        batch_result.additional_properties = d
        return batch_result

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
