from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.payment_params import PaymentParams





T = TypeVar("T", bound="PaymentRequest")



@_attrs_define
class PaymentRequest:
    """ What the mini-program passes to wx.requestPayment.

        Attributes:
            provider (str): The payment provider: `wechatpay`, or `sandbox` in the embedded default
            params (PaymentParams): What the mini-program passes to ``wx.requestPayment``.  Serialised by alias (the default
                of
                FastAPI response models) it is exactly ``{appId, timeStamp, nonceStr, package, signType, paySign}``
                plus the order number.
     """

    provider: str
    params: PaymentParams
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.payment_params import PaymentParams # noqa: PLC0415
        provider = self.provider

        params = self.params.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "provider": provider,
            "params": params,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.payment_params import PaymentParams # noqa: PLC0415
        d = dict(src_dict)
        provider = d.pop("provider")

        params = PaymentParams.from_dict(d.pop("params"))




        payment_request = cls(
            provider=provider,
            params=params,
        )


        payment_request.additional_properties = d
        return payment_request

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
