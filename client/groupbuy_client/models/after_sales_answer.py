from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="AfterSalesAnswer")



@_attrs_define
class AfterSalesAnswer:
    """ 
        Attributes:
            answer (str):
            image_urls (list[str] | Unset):
     """

    answer: str
    image_urls: list[str] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        answer = self.answer

        image_urls: list[str] | Unset = UNSET
        if not isinstance(self.image_urls, Unset):
            image_urls = self.image_urls




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "answer": answer,
        })
        if image_urls is not UNSET:
            field_dict["image_urls"] = image_urls

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        answer = d.pop("answer")

        image_urls = cast(list[str], d.pop("image_urls", UNSET))


        after_sales_answer = cls(
            answer=answer,
            image_urls=image_urls,
        )

        return after_sales_answer

