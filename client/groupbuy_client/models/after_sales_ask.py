from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="AfterSalesAsk")



@_attrs_define
class AfterSalesAsk:
    """ 
        Attributes:
            question (str): What the buyer is asked (shown to them)
     """

    question: str





    def to_dict(self) -> dict[str, Any]:
        question = self.question


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "question": question,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        question = d.pop("question")

        after_sales_ask = cls(
            question=question,
        )

        return after_sales_ask

