from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.community_split import CommunitySplit





T = TypeVar("T", bound="PurchaseOrderLinePublic")



@_attrs_define
class PurchaseOrderLinePublic:
    """ 
        Attributes:
            sku_id (int):
            product_name (str):
            ordered_units (int):
            confirmed_units (int | None):
            communities (list[CommunitySplit]):
     """

    sku_id: int
    product_name: str
    ordered_units: int
    confirmed_units: int | None
    communities: list[CommunitySplit]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.community_split import CommunitySplit # noqa: PLC0415
        sku_id = self.sku_id

        product_name = self.product_name

        ordered_units = self.ordered_units

        confirmed_units: int | None
        confirmed_units = self.confirmed_units

        communities = []
        for communities_item_data in self.communities:
            communities_item = communities_item_data.to_dict()
            communities.append(communities_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "sku_id": sku_id,
            "product_name": product_name,
            "ordered_units": ordered_units,
            "confirmed_units": confirmed_units,
            "communities": communities,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.community_split import CommunitySplit # noqa: PLC0415
        d = dict(src_dict)
        sku_id = d.pop("sku_id")

        product_name = d.pop("product_name")

        ordered_units = d.pop("ordered_units")

        def _parse_confirmed_units(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        confirmed_units = _parse_confirmed_units(d.pop("confirmed_units"))


        communities = []
        _communities = d.pop("communities")
        for communities_item_data in (_communities):
            communities_item = CommunitySplit.from_dict(communities_item_data)



            communities.append(communities_item)


        purchase_order_line_public = cls(
            sku_id=sku_id,
            product_name=product_name,
            ordered_units=ordered_units,
            confirmed_units=confirmed_units,
            communities=communities,
        )


        purchase_order_line_public.additional_properties = d
        return purchase_order_line_public

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
