from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.outcome import Outcome
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="SyncRowResult")



@_attrs_define
class SyncRowResult:
    """ 
        Attributes:
            index (int): The row's position in the batch, from 0
            status (Outcome):
            product_external_id (None | str | Unset):
            sku_external_id (None | str | Unset):
            product_id (int | None | Unset):
            sku_id (int | None | Unset):
            field (None | str | Unset): The rejected row's field at fault
            reason (None | str | Unset):
     """

    index: int
    status: Outcome
    product_external_id: None | str | Unset = UNSET
    sku_external_id: None | str | Unset = UNSET
    product_id: int | None | Unset = UNSET
    sku_id: int | None | Unset = UNSET
    field: None | str | Unset = UNSET
    reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        index = self.index

        status = self.status.value

        product_external_id: None | str | Unset
        if isinstance(self.product_external_id, Unset):
            product_external_id = UNSET
        else:
            product_external_id = self.product_external_id

        sku_external_id: None | str | Unset
        if isinstance(self.sku_external_id, Unset):
            sku_external_id = UNSET
        else:
            sku_external_id = self.sku_external_id

        product_id: int | None | Unset
        if isinstance(self.product_id, Unset):
            product_id = UNSET
        else:
            product_id = self.product_id

        sku_id: int | None | Unset
        if isinstance(self.sku_id, Unset):
            sku_id = UNSET
        else:
            sku_id = self.sku_id

        field: None | str | Unset
        if isinstance(self.field, Unset):
            field = UNSET
        else:
            field = self.field

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "index": index,
            "status": status,
        })
        if product_external_id is not UNSET:
            field_dict["product_external_id"] = product_external_id
        if sku_external_id is not UNSET:
            field_dict["sku_external_id"] = sku_external_id
        if product_id is not UNSET:
            field_dict["product_id"] = product_id
        if sku_id is not UNSET:
            field_dict["sku_id"] = sku_id
        if field is not UNSET:
            field_dict["field"] = field
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        index = d.pop("index")

        status = Outcome(d.pop("status"))




        def _parse_product_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        product_external_id = _parse_product_external_id(d.pop("product_external_id", UNSET))


        def _parse_sku_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sku_external_id = _parse_sku_external_id(d.pop("sku_external_id", UNSET))


        def _parse_product_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        product_id = _parse_product_id(d.pop("product_id", UNSET))


        def _parse_sku_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        sku_id = _parse_sku_id(d.pop("sku_id", UNSET))


        def _parse_field(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        field = _parse_field(d.pop("field", UNSET))


        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))


        sync_row_result = cls(
            index=index,
            status=status,
            product_external_id=product_external_id,
            sku_external_id=sku_external_id,
            product_id=product_id,
            sku_id=sku_id,
            field=field,
            reason=reason,
        )


        sync_row_result.additional_properties = d
        return sync_row_result

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
