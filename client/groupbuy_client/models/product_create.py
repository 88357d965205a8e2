from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.product_kind import ProductKind
from ..models.product_role import ProductRole
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.component_in import ComponentIn
  from ..models.sku_in import SkuIn





T = TypeVar("T", bound="ProductCreate")



@_attrs_define
class ProductCreate:
    """ 
        Attributes:
            name (str):
            skus (list[SkuIn]):
            role (ProductRole | Unset): A product's role in the assortment; it drives default rebate rates and reports.
            unit (str | Unset):  Default: '份'.
            description (str | Unset):  Default: ''.
            kind (ProductKind | Unset):
            images (list[str] | Unset):
            categories (list[str] | Unset): Free labels (searchable); the storefront's categories are category_ids
            category_ids (list[int] | Unset): The storefront categories it is listed under
            grants_level (None | str | Unset):
            external_id (None | str | Unset):
            components (list[ComponentIn] | Unset):
            published (bool | Unset):  Default: False.
     """

    name: str
    skus: list[SkuIn]
    role: ProductRole | Unset = UNSET
    unit: str | Unset = '份'
    description: str | Unset = ''
    kind: ProductKind | Unset = UNSET
    images: list[str] | Unset = UNSET
    categories: list[str] | Unset = UNSET
    category_ids: list[int] | Unset = UNSET
    grants_level: None | str | Unset = UNSET
    external_id: None | str | Unset = UNSET
    components: list[ComponentIn] | Unset = UNSET
    published: bool | Unset = False





    def to_dict(self) -> dict[str, Any]:
        from ..models.component_in import ComponentIn # noqa: PLC0415
        from ..models.sku_in import SkuIn # noqa: PLC0415
        name = self.name

        skus = []
        for skus_item_data in self.skus:
            skus_item = skus_item_data.to_dict()
            skus.append(skus_item)



        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role.value


        unit = self.unit

        description = self.description

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value


        images: list[str] | Unset = UNSET
        if not isinstance(self.images, Unset):
            images = self.images



        categories: list[str] | Unset = UNSET
        if not isinstance(self.categories, Unset):
            categories = self.categories



        category_ids: list[int] | Unset = UNSET
        if not isinstance(self.category_ids, Unset):
            category_ids = self.category_ids



        grants_level: None | str | Unset
        if isinstance(self.grants_level, Unset):
            grants_level = UNSET
        else:
            grants_level = self.grants_level

        external_id: None | str | Unset
        if isinstance(self.external_id, Unset):
            external_id = UNSET
        else:
            external_id = self.external_id

        components: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.components, Unset):
            components = []
            for components_item_data in self.components:
                components_item = components_item_data.to_dict()
                components.append(components_item)



        published = self.published


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
            "skus": skus,
        })
        if role is not UNSET:
            field_dict["role"] = role
        if unit is not UNSET:
            field_dict["unit"] = unit
        if description is not UNSET:
            field_dict["description"] = description
        if kind is not UNSET:
            field_dict["kind"] = kind
        if images is not UNSET:
            field_dict["images"] = images
        if categories is not UNSET:
            field_dict["categories"] = categories
        if category_ids is not UNSET:
            field_dict["category_ids"] = category_ids
        if grants_level is not UNSET:
            field_dict["grants_level"] = grants_level
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if components is not UNSET:
            field_dict["components"] = components
        if published is not UNSET:
            field_dict["published"] = published

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.component_in import ComponentIn # noqa: PLC0415
        from ..models.sku_in import SkuIn # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name")

        skus = []
        _skus = d.pop("skus")
        for skus_item_data in (_skus):
            skus_item = SkuIn.from_dict(skus_item_data)



            skus.append(skus_item)


        _role = d.pop("role", UNSET)
        role: ProductRole | Unset
        if isinstance(_role,  Unset):
            role = UNSET
        else:
            role = ProductRole(_role)




        unit = d.pop("unit", UNSET)

        description = d.pop("description", UNSET)

        _kind = d.pop("kind", UNSET)
        kind: ProductKind | Unset
        if isinstance(_kind,  Unset):
            kind = UNSET
        else:
            kind = ProductKind(_kind)




        images = cast(list[str], d.pop("images", UNSET))


        categories = cast(list[str], d.pop("categories", UNSET))


        category_ids = cast(list[int], d.pop("category_ids", UNSET))


        def _parse_grants_level(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        grants_level = _parse_grants_level(d.pop("grants_level", UNSET))


        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("external_id", UNSET))


        _components = d.pop("components", UNSET)
        components: list[ComponentIn] | Unset = UNSET
        if _components is not UNSET:
            components = []
            for components_item_data in _components:
                components_item = ComponentIn.from_dict(components_item_data)



                components.append(components_item)


        published = d.pop("published", UNSET)

        product_create = cls(
            name=name,
            skus=skus,
            role=role,
            unit=unit,
            description=description,
            kind=kind,
            images=images,
            categories=categories,
            category_ids=category_ids,
            grants_level=grants_level,
            external_id=external_id,
            components=components,
            published=published,
        )

        return product_create

