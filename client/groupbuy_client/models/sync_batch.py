from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.sync_batch_sync_row import SyncBatchSyncRow





T = TypeVar("T", bound="SyncBatch")



@_attrs_define
class SyncBatch:
    """ Each row is checked on its own: a bad row is rejected with its field and reason, the rest apply.

        Attributes:
            rows (list[SyncBatchSyncRow]):
     """

    rows: list[SyncBatchSyncRow]





    def to_dict(self) -> dict[str, Any]:
        from ..models.sync_batch_sync_row import SyncBatchSyncRow # noqa: PLC0415
        rows = []
        for rows_item_data in self.rows:
            rows_item = rows_item_data.to_dict()
            rows.append(rows_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "rows": rows,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sync_batch_sync_row import SyncBatchSyncRow # noqa: PLC0415
        d = dict(src_dict)
        rows = []
        _rows = d.pop("rows")
        for rows_item_data in (_rows):
            rows_item = SyncBatchSyncRow.from_dict(rows_item_data)



            rows.append(rows_item)


        sync_batch = cls(
            rows=rows,
        )

        return sync_batch

