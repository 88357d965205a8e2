from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.category_ref import CategoryRef
  from ..models.product_card import ProductCard





T = TypeVar("T", bound="SectionPublic")



@_attrs_define
class SectionPublic:
    """ 
        Attributes:
            title (str):
            products (list[ProductCard]): Published products of a product section, in ops' order
            category (CategoryRef | None): A category section's category (list it by category_id)
     """

    title: str
    products: list[ProductCard]
    category: CategoryRef | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.category_ref import CategoryRef # noqa: PLC0415
        from ..models.product_card import ProductCard # noqa: PLC0415
        title = self.title

        products = []
        for products_item_data in self.products:
            products_item = products_item_data.to_dict()
            products.append(products_item)



        category: dict[str, Any] | None
        if isinstance(self.category, CategoryRef):
            category = self.category.to_dict()
        else:
            category = self.category


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "title": title,
            "products": products,
            "category": category,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.category_ref import CategoryRef # noqa: PLC0415
        from ..models.product_card import ProductCard # noqa: PLC0415
        d = dict(src_dict)
        title = d.pop("title")

        products = []
        _products = d.pop("products")
        for products_item_data in (_products):
            products_item = ProductCard.from_dict(products_item_data)



            products.append(products_item)


        def _parse_category(data: object) -> CategoryRef | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                category_type_0 = CategoryRef.from_dict(data)



                return category_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CategoryRef | None, data)

        category = _parse_category(d.pop("category"))


        section_public = cls(
            title=title,
            products=products,
            category=category,
        )


        section_public.additional_properties = d
        return section_public

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
