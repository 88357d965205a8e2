from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="PaymentParams")



@_attrs_define
class PaymentParams:
    """ What the mini-program passes to ``wx.requestPayment``.  Serialised by alias (the default of
    FastAPI response models) it is exactly ``{appId, timeStamp, nonceStr, package, signType, paySign}``
    plus the order number.

        Attributes:
            app_id (str):
            time_stamp (str):
            nonce_str (str):
            package (str):
            pay_sign (str):
            out_trade_no (str):
            sign_type (str | Unset):  Default: 'RSA'.
     """

    app_id: str
    time_stamp: str
    nonce_str: str
    package: str
    pay_sign: str
    out_trade_no: str
    sign_type: str | Unset = 'RSA'
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        app_id = self.app_id

        time_stamp = self.time_stamp

        nonce_str = self.nonce_str

        package = self.package

        pay_sign = self.pay_sign

        out_trade_no = self.out_trade_no

        sign_type = self.sign_type


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "appId": app_id,
            "timeStamp": time_stamp,
            "nonceStr": nonce_str,
            "package": package,
            "paySign": pay_sign,
            "outTradeNo": out_trade_no,
        })
        if sign_type is not UNSET:
            field_dict["signType"] = sign_type

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        app_id = d.pop("appId")

        time_stamp = d.pop("timeStamp")

        nonce_str = d.pop("nonceStr")

        package = d.pop("package")

        pay_sign = d.pop("paySign")

        out_trade_no = d.pop("outTradeNo")

        sign_type = d.pop("signType", UNSET)

        payment_params = cls(
            app_id=app_id,
            time_stamp=time_stamp,
            nonce_str=nonce_str,
            package=package,
            pay_sign=pay_sign,
            out_trade_no=out_trade_no,
            sign_type=sign_type,
        )


        payment_params.additional_properties = d
        return payment_params

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
