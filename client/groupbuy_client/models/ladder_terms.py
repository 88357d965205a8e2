from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.ladder_terms_address_scope import LadderTermsAddressScope
from ..models.ladder_terms_basis import LadderTermsBasis
from ..types import UNSET, Unset
from typing import cast
from typing import Literal, cast

if TYPE_CHECKING:
  from ..models.early_bird import EarlyBird
  from ..models.tier import Tier





T = TypeVar("T", bound="LadderTerms")



@_attrs_define
class LadderTerms:
    """ 同址阶梯团: the more buyers at one address, the lower everyone's unit price.

        Attributes:
            tiers (list[Tier]):
            kind (Literal['ladder_group'] | Unset):  Default: 'ladder_group'.
            basis (LadderTermsBasis | Unset):  Default: LadderTermsBasis.PARTICIPANTS.
            address_scope (LadderTermsAddressScope | Unset):  Default: LadderTermsAddressScope.BUILDING.
            group_window_s (int | None | Unset):
            min_success (int | Unset):  Default: 1.
            close_on_top_tier (bool | Unset):  Default: True.
            stock_limit (int | None | Unset):
            per_user_limit (int | Unset):  Default: 5.
            early_bird (EarlyBird | None | Unset):
     """

    tiers: list[Tier]
    kind: Literal['ladder_group'] | Unset = 'ladder_group'
    basis: LadderTermsBasis | Unset = LadderTermsBasis.PARTICIPANTS
    address_scope: LadderTermsAddressScope | Unset = LadderTermsAddressScope.BUILDING
    group_window_s: int | None | Unset = UNSET
    min_success: int | Unset = 1
    close_on_top_tier: bool | Unset = True
    stock_limit: int | None | Unset = UNSET
    per_user_limit: int | Unset = 5
    early_bird: EarlyBird | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.early_bird import EarlyBird # noqa: PLC0415
        from ..models.tier import Tier # noqa: PLC0415
        tiers = []
        for tiers_item_data in self.tiers:
            tiers_item = tiers_item_data.to_dict()
            tiers.append(tiers_item)



        kind = self.kind

        basis: str | Unset = UNSET
        if not isinstance(self.basis, Unset):
            basis = self.basis.value


        address_scope: str | Unset = UNSET
        if not isinstance(self.address_scope, Unset):
            address_scope = self.address_scope.value


        group_window_s: int | None | Unset
        if isinstance(self.group_window_s, Unset):
            group_window_s = UNSET
        else:
            group_window_s = self.group_window_s

        min_success = self.min_success

        close_on_top_tier = self.close_on_top_tier

        stock_limit: int | None | Unset
        if isinstance(self.stock_limit, Unset):
            stock_limit = UNSET
        else:
            stock_limit = self.stock_limit

        per_user_limit = self.per_user_limit

        early_bird: dict[str, Any] | None | Unset
        if isinstance(self.early_bird, Unset):
            early_bird = UNSET
        elif isinstance(self.early_bird, EarlyBird):
            early_bird = self.early_bird.to_dict()
        else:
            early_bird = self.early_bird


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "tiers": tiers,
        })
        if kind is not UNSET:
            field_dict["kind"] = kind
        if basis is not UNSET:
            field_dict["basis"] = basis
        if address_scope is not UNSET:
            field_dict["address_scope"] = address_scope
        if group_window_s is not UNSET:
            field_dict["group_window_s"] = group_window_s
        if min_success is not UNSET:
            field_dict["min_success"] = min_success
        if close_on_top_tier is not UNSET:
            field_dict["close_on_top_tier"] = close_on_top_tier
        if stock_limit is not UNSET:
            field_dict["stock_limit"] = stock_limit
        if per_user_limit is not UNSET:
            field_dict["per_user_limit"] = per_user_limit
        if early_bird is not UNSET:
            field_dict["early_bird"] = early_bird

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.early_bird import EarlyBird # noqa: PLC0415
        from ..models.tier import Tier # noqa: PLC0415
        d = dict(src_dict)
        tiers = []
        _tiers = d.pop("tiers")
        for tiers_item_data in (_tiers):
            tiers_item = Tier.from_dict(tiers_item_data)



            tiers.append(tiers_item)


        kind = cast(Literal['ladder_group'] | Unset , d.pop("kind", UNSET))
        if kind != 'ladder_group'and not isinstance(kind, Unset):
            raise ValueError(f"kind must match const 'ladder_group', got '{kind}'")

        _basis = d.pop("basis", UNSET)
        basis: LadderTermsBasis | Unset
        if isinstance(_basis,  Unset):
            basis = UNSET
        else:
            basis = LadderTermsBasis(_basis)




        _address_scope = d.pop("address_scope", UNSET)
        address_scope: LadderTermsAddressScope | Unset
        if isinstance(_address_scope,  Unset):
            address_scope = UNSET
        else:
            address_scope = LadderTermsAddressScope(_address_scope)




        def _parse_group_window_s(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        group_window_s = _parse_group_window_s(d.pop("group_window_s", UNSET))


        min_success = d.pop("min_success", UNSET)

        close_on_top_tier = d.pop("close_on_top_tier", UNSET)

        def _parse_stock_limit(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        stock_limit = _parse_stock_limit(d.pop("stock_limit", UNSET))


        per_user_limit = d.pop("per_user_limit", UNSET)

        def _parse_early_bird(data: object) -> EarlyBird | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                early_bird_type_0 = EarlyBird.from_dict(data)



                return early_bird_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EarlyBird | None | Unset, data)

        early_bird = _parse_early_bird(d.pop("early_bird", UNSET))


        ladder_terms = cls(
            tiers=tiers,
            kind=kind,
            basis=basis,
            address_scope=address_scope,
            group_window_s=group_window_s,
            min_success=min_success,
            close_on_top_tier=close_on_top_tier,
            stock_limit=stock_limit,
            per_user_limit=per_user_limit,
            early_bird=early_bird,
        )

        return ladder_terms

