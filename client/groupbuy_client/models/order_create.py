from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.share_source import ShareSource





T = TypeVar("T", bound="OrderCreate")



@_attrs_define
class OrderCreate:
    """ An order of one SKU — bought as it is (``sku_id``) or through an activity (``activity_id``: a ladder
    group buy or a flash sale) — delivered to one of the buyer's addresses.

        Attributes:
            address_id (int):
            sku_id (int | None | Unset):
            activity_id (int | None | Unset):
            quantity (int | Unset):  Default: 1.
            source (None | ShareSource | Unset): What brought the buyer here (share_funnel.py)
     """

    address_id: int
    sku_id: int | None | Unset = UNSET
    activity_id: int | None | Unset = UNSET
    quantity: int | Unset = 1
    source: None | ShareSource | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.share_source import ShareSource # noqa: PLC0415
        address_id = self.address_id

        sku_id: int | None | Unset
        if isinstance(self.sku_id, Unset):
            sku_id = UNSET
        else:
            sku_id = self.sku_id

        activity_id: int | None | Unset
        if isinstance(self.activity_id, Unset):
            activity_id = UNSET
        else:
            activity_id = self.activity_id

        quantity = self.quantity

        source: dict[str, Any] | None | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        elif isinstance(self.source, ShareSource):
            source = self.source.to_dict()
        else:
            source = self.source


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "address_id": address_id,
        })
        if sku_id is not UNSET:
            field_dict["sku_id"] = sku_id
        if activity_id is not UNSET:
            field_dict["activity_id"] = activity_id
        if quantity is not UNSET:
            field_dict["quantity"] = quantity
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.share_source import ShareSource # noqa: PLC0415
        d = dict(src_dict)
        address_id = d.pop("address_id")

        def _parse_sku_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        sku_id = _parse_sku_id(d.pop("sku_id", UNSET))


        def _parse_activity_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        activity_id = _parse_activity_id(d.pop("activity_id", UNSET))


        quantity = d.pop("quantity", UNSET)

        def _parse_source(data: object) -> None | ShareSource | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                source_type_0 = ShareSource.from_dict(data)



                return source_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ShareSource | Unset, data)

        source = _parse_source(d.pop("source", UNSET))


        order_create = cls(
            address_id=address_id,
            sku_id=sku_id,
            activity_id=activity_id,
            quantity=quantity,
            source=source,
        )

        return order_create

