from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.activity_kind import ActivityKind
from ..models.activity_status import ActivityStatus
from ..models.product_role import ProductRole
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.flash_terms import FlashTerms
  from ..models.ladder_terms import LadderTerms





T = TypeVar("T", bound="ActivityPublic")



@_attrs_define
class ActivityPublic:
    """ 
        Attributes:
            id (int):
            kind (ActivityKind):
            title (str):
            sku_id (int):
            product_id (int):
            product_role (ProductRole): A product's role in the assortment; it drives default rebate rates and reports.
            starts_at (datetime.datetime):
            ends_at (datetime.datetime):
            status (ActivityStatus):
            terms (FlashTerms | LadderTerms):
            community_ids (list[int]):
            template_id (int | None):
            stock_left (int | None | Unset): Flash sales: units a buyer can still win (may lag by a second or two); None
                otherwise
            sold_out (bool | Unset): Flash sales: nothing left to win (an unpaid order that expires gives its unit back)
                Default: False.
     """

    id: int
    kind: ActivityKind
    title: str
    sku_id: int
    product_id: int
    product_role: ProductRole
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    status: ActivityStatus
    terms: FlashTerms | LadderTerms
    community_ids: list[int]
    template_id: int | None
    stock_left: int | None | Unset = UNSET
    sold_out: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.flash_terms import FlashTerms # noqa: PLC0415
        from ..models.ladder_terms import LadderTerms # noqa: PLC0415
        id = self.id

        kind = self.kind.value

        title = self.title

        sku_id = self.sku_id

        product_id = self.product_id

        product_role = self.product_role.value

        starts_at = self.starts_at.isoformat()

        ends_at = self.ends_at.isoformat()

        status = self.status.value

        terms: dict[str, Any]
        if isinstance(self.terms, LadderTerms):
            terms = self.terms.to_dict()
        else:
            terms = self.terms.to_dict()


        community_ids = self.community_ids



        template_id: int | None
        template_id = self.template_id

        stock_left: int | None | Unset
        if isinstance(self.stock_left, Unset):
            stock_left = UNSET
        else:
            stock_left = self.stock_left

        sold_out = self.sold_out


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "kind": kind,
            "title": title,
            "sku_id": sku_id,
            "product_id": product_id,
            "product_role": product_role,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "status": status,
            "terms": terms,
            "community_ids": community_ids,
            "template_id": template_id,
        })
        if stock_left is not UNSET:
            field_dict["stock_left"] = stock_left
        if sold_out is not UNSET:
            field_dict["sold_out"] = sold_out

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.flash_terms import FlashTerms # noqa: PLC0415
        from ..models.ladder_terms import LadderTerms # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        kind = ActivityKind(d.pop("kind"))




        title = d.pop("title")

        sku_id = d.pop("sku_id")

        product_id = d.pop("product_id")

        product_role = ProductRole(d.pop("product_role"))




        starts_at = datetime.datetime.fromisoformat(d.pop("starts_at"))




        ends_at = datetime.datetime.fromisoformat(d.pop("ends_at"))




        status = ActivityStatus(d.pop("status"))




        def _parse_terms(data: object) -> FlashTerms | LadderTerms:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                terms_type_0 = LadderTerms.from_dict(data)



                return terms_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            terms_type_1 = FlashTerms.from_dict(data)



            return terms_type_1

        terms = _parse_terms(d.pop("terms"))


        community_ids = cast(list[int], d.pop("community_ids"))


        def _parse_template_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        template_id = _parse_template_id(d.pop("template_id"))


        def _parse_stock_left(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        stock_left = _parse_stock_left(d.pop("stock_left", UNSET))


        sold_out = d.pop("sold_out", UNSET)

        activity_public = cls(
            id=id,
            kind=kind,
            title=title,
            sku_id=sku_id,
            product_id=product_id,
            product_role=product_role,
            starts_at=starts_at,
            ends_at=ends_at,
            status=status,
            terms=terms,
            community_ids=community_ids,
            template_id=template_id,
            stock_left=stock_left,
            sold_out=sold_out,
        )


        activity_public.additional_properties = d
        return activity_public

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
