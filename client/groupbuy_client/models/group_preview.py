from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.group_progress import GroupProgress





T = TypeVar("T", bound="GroupPreview")



@_attrs_define
class GroupPreview:
    """ The group a buyer would join at one of their addresses, before any order: nothing is held.

        Attributes:
            activity_id (int):
            address_id (int):
            group (GroupProgress | None): The open group at this address; None: the buyer's order would open one
            quantity (int):
            unit_price_fen (int): What one unit would cost if the order were placed now
            amount_fen (int):
            price_rule (str): tier, member or early_bird: the one price that applies (never stacked)
            pay_by (datetime.datetime | None | Unset): An early-bird price holds only if paid before this
     """

    activity_id: int
    address_id: int
    group: GroupProgress | None
    quantity: int
    unit_price_fen: int
    amount_fen: int
    price_rule: str
    pay_by: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.group_progress import GroupProgress # noqa: PLC0415
        activity_id = self.activity_id

        address_id = self.address_id

        group: dict[str, Any] | None
        if isinstance(self.group, GroupProgress):
            group = self.group.to_dict()
        else:
            group = self.group

        quantity = self.quantity

        unit_price_fen = self.unit_price_fen

        amount_fen = self.amount_fen

        price_rule = self.price_rule

        pay_by: None | str | Unset
        if isinstance(self.pay_by, Unset):
            pay_by = UNSET
        elif isinstance(self.pay_by, datetime.datetime):
            pay_by = self.pay_by.isoformat()
        else:
            pay_by = self.pay_by


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "activity_id": activity_id,
            "address_id": address_id,
            "group": group,
            "quantity": quantity,
            "unit_price_fen": unit_price_fen,
            "amount_fen": amount_fen,
            "price_rule": price_rule,
        })
        if pay_by is not UNSET:
            field_dict["pay_by"] = pay_by

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.group_progress import GroupProgress # noqa: PLC0415
        d = dict(src_dict)
        activity_id = d.pop("activity_id")

        address_id = d.pop("address_id")

        def _parse_group(data: object) -> GroupProgress | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                group_type_0 = GroupProgress.from_dict(data)



                return group_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GroupProgress | None, data)

        group = _parse_group(d.pop("group"))


        quantity = d.pop("quantity")

        unit_price_fen = d.pop("unit_price_fen")

        amount_fen = d.pop("amount_fen")

        price_rule = d.pop("price_rule")

        def _parse_pay_by(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                pay_by_type_0 = datetime.datetime.fromisoformat(data)



                return pay_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        pay_by = _parse_pay_by(d.pop("pay_by", UNSET))


        group_preview = cls(
            activity_id=activity_id,
            address_id=address_id,
            group=group,
            quantity=quantity,
            unit_price_fen=unit_price_fen,
            amount_fen=amount_fen,
            price_rule=price_rule,
            pay_by=pay_by,
        )


        group_preview.additional_properties = d
        return group_preview

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
