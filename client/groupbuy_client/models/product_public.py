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
import datetime

if TYPE_CHECKING:
  from ..models.component_public import ComponentPublic
  from ..models.sku_public import SkuPublic





T = TypeVar("T", bound="ProductPublic")



@_attrs_define
class ProductPublic:
    """ 
        Attributes:
            name (str):
            id (int):
            kind (ProductKind):
            images (list[str]):
            categories (list[str]):
            category_ids (list[int]):
            grants_level (None | str):
            published (bool):
            skus (list[SkuPublic]):
            components (list[ComponentPublic]):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
            role (ProductRole | Unset): A product's role in the assortment; it drives default rebate rates and reports.
            unit (str | Unset):  Default: '份'.
            description (str | Unset):  Default: ''.
            external_id (None | str | Unset): Ops' own id of the product, when it has one
     """

    name: str
    id: int
    kind: ProductKind
    images: list[str]
    categories: list[str]
    category_ids: list[int]
    grants_level: None | str
    published: bool
    skus: list[SkuPublic]
    components: list[ComponentPublic]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    role: ProductRole | Unset = UNSET
    unit: str | Unset = '份'
    description: str | Unset = ''
    external_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.component_public import ComponentPublic # noqa: PLC0415
        from ..models.sku_public import SkuPublic # noqa: PLC0415
        name = self.name

        id = self.id

        kind = self.kind.value

        images = self.images



        categories = self.categories



        category_ids = self.category_ids



        grants_level: None | str
        grants_level = self.grants_level

        published = self.published

        skus = []
        for skus_item_data in self.skus:
            skus_item = skus_item_data.to_dict()
            skus.append(skus_item)



        components = []
        for components_item_data in self.components:
            components_item = components_item_data.to_dict()
            components.append(components_item)



        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role.value


        unit = self.unit

        description = self.description

        external_id: None | str | Unset
        if isinstance(self.external_id, Unset):
            external_id = UNSET
        else:
            external_id = self.external_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "name": name,
            "id": id,
            "kind": kind,
            "images": images,
            "categories": categories,
            "category_ids": category_ids,
            "grants_level": grants_level,
            "published": published,
            "skus": skus,
            "components": components,
            "created_at": created_at,
            "updated_at": updated_at,
        })
        if role is not UNSET:
            field_dict["role"] = role
        if unit is not UNSET:
            field_dict["unit"] = unit
        if description is not UNSET:
            field_dict["description"] = description
        if external_id is not UNSET:
            field_dict["external_id"] = external_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.component_public import ComponentPublic # noqa: PLC0415
        from ..models.sku_public import SkuPublic # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name")

        id = d.pop("id")

        kind = ProductKind(d.pop("kind"))




        images = cast(list[str], d.pop("images"))


        categories = cast(list[str], d.pop("categories"))


        category_ids = cast(list[int], d.pop("category_ids"))


        def _parse_grants_level(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        grants_level = _parse_grants_level(d.pop("grants_level"))


        published = d.pop("published")

        skus = []
        _skus = d.pop("skus")
        for skus_item_data in (_skus):
            skus_item = SkuPublic.from_dict(skus_item_data)



            skus.append(skus_item)


        components = []
        _components = d.pop("components")
        for components_item_data in (_components):
            components_item = ComponentPublic.from_dict(components_item_data)



            components.append(components_item)


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        _role = d.pop("role", UNSET)
        role: ProductRole | Unset
        if isinstance(_role,  Unset):
            role = UNSET
        else:
            role = ProductRole(_role)




        unit = d.pop("unit", UNSET)

        description = d.pop("description", UNSET)

        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("external_id", UNSET))


        product_public = cls(
            name=name,
            id=id,
            kind=kind,
            images=images,
            categories=categories,
            category_ids=category_ids,
            grants_level=grants_level,
            published=published,
            skus=skus,
            components=components,
            created_at=created_at,
            updated_at=updated_at,
            role=role,
            unit=unit,
            description=description,
            external_id=external_id,
        )


        product_public.additional_properties = d
        return product_public

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
