from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.pickup_code_public import PickupCodePublic





T = TypeVar("T", bound="PickupCodes")



@_attrs_define
class PickupCodes:
    """ 
        Attributes:
            date (datetime.date):
            timezone (str):
            codes (list[PickupCodePublic]): One per community where something waits for the buyer
     """

    date: datetime.date
    timezone: str
    codes: list[PickupCodePublic]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.pickup_code_public import PickupCodePublic # noqa: PLC0415
        date = self.date.isoformat()

        timezone = self.timezone

        codes = []
        for codes_item_data in self.codes:
            codes_item = codes_item_data.to_dict()
            codes.append(codes_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "date": date,
            "timezone": timezone,
            "codes": codes,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pickup_code_public import PickupCodePublic # noqa: PLC0415
        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))




        timezone = d.pop("timezone")

        codes = []
        _codes = d.pop("codes")
        for codes_item_data in (_codes):
            codes_item = PickupCodePublic.from_dict(codes_item_data)



            codes.append(codes_item)


        pickup_codes = cls(
            date=date,
            timezone=timezone,
            codes=codes,
        )


        pickup_codes.additional_properties = d
        return pickup_codes

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
