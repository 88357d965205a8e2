from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
from typing import Literal, cast

if TYPE_CHECKING:
  from ..models.early_bird import EarlyBird





T = TypeVar("T", bound="FlashTerms")



@_attrs_define
class FlashTerms:
    """ 秒杀: limited time, price, stock and units per user.

        Attributes:
            price_fen (int):
            stock (int):
            kind (Literal['flash_sale'] | Unset):  Default: 'flash_sale'.
            per_user_limit (int | Unset):  Default: 1.
            unpaid_timeout_s (int | Unset):  Default: 300.
            early_bird (EarlyBird | None | Unset):
     """

    price_fen: int
    stock: int
    kind: Literal['flash_sale'] | Unset = 'flash_sale'
    per_user_limit: int | Unset = 1
    unpaid_timeout_s: int | Unset = 300
    early_bird: EarlyBird | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.early_bird import EarlyBird # noqa: PLC0415
        price_fen = self.price_fen

        stock = self.stock

        kind = self.kind

        per_user_limit = self.per_user_limit

        unpaid_timeout_s = self.unpaid_timeout_s

        early_bird: dict[str, Any] | None | Unset
        if isinstance(self.early_bird, Unset):
            early_bird = UNSET
        elif isinstance(self.early_bird, EarlyBird):
            early_bird = self.early_bird.to_dict()
        else:
            early_bird = self.early_bird


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "price_fen": price_fen,
            "stock": stock,
        })
        if kind is not UNSET:
            field_dict["kind"] = kind
        if per_user_limit is not UNSET:
            field_dict["per_user_limit"] = per_user_limit
        if unpaid_timeout_s is not UNSET:
            field_dict["unpaid_timeout_s"] = unpaid_timeout_s
        if early_bird is not UNSET:
            field_dict["early_bird"] = early_bird

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.early_bird import EarlyBird # noqa: PLC0415
        d = dict(src_dict)
        price_fen = d.pop("price_fen")

        stock = d.pop("stock")

        kind = cast(Literal['flash_sale'] | Unset , d.pop("kind", UNSET))
        if kind != 'flash_sale'and not isinstance(kind, Unset):
            raise ValueError(f"kind must match const 'flash_sale', got '{kind}'")

        per_user_limit = d.pop("per_user_limit", UNSET)

        unpaid_timeout_s = d.pop("unpaid_timeout_s", UNSET)

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


        flash_terms = cls(
            price_fen=price_fen,
            stock=stock,
            kind=kind,
            per_user_limit=per_user_limit,
            unpaid_timeout_s=unpaid_timeout_s,
            early_bird=early_bird,
        )

        return flash_terms

