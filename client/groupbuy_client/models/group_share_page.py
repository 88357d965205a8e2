from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.group_share_page_basis import GroupSharePageBasis
from typing import cast

if TYPE_CHECKING:
  from ..models.group_progress import GroupProgress
  from ..models.participant_public import ParticipantPublic
  from ..models.share_product import ShareProduct
  from ..models.tier_public import TierPublic





T = TypeVar("T", bound="GroupSharePage")



@_attrs_define
class GroupSharePage:
    """ What the group's share page shows anyone holding its link.

        Attributes:
            group (GroupProgress): What a group shows its participants: how many, the price now, how far to the next tier,
                time left.
            product (ShareProduct):
            basis (GroupSharePageBasis):
            tiers (list[TierPublic]):
            participants (list[ParticipantPublic]): Buyers still in, first to join first (at most 50)
            share_token (str): Put it in the shared link (`?share=`) or the code's scene: it opens this page and the group's
                progress
            scene (str): The mini-program code's scene for this group (at most 32 characters)
     """

    group: GroupProgress
    product: ShareProduct
    basis: GroupSharePageBasis
    tiers: list[TierPublic]
    participants: list[ParticipantPublic]
    share_token: str
    scene: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.group_progress import GroupProgress # noqa: PLC0415
        from ..models.participant_public import ParticipantPublic # noqa: PLC0415
        from ..models.share_product import ShareProduct # noqa: PLC0415
        from ..models.tier_public import TierPublic # noqa: PLC0415
        group = self.group.to_dict()

        product = self.product.to_dict()

        basis = self.basis.value

        tiers = []
        for tiers_item_data in self.tiers:
            tiers_item = tiers_item_data.to_dict()
            tiers.append(tiers_item)



        participants = []
        for participants_item_data in self.participants:
            participants_item = participants_item_data.to_dict()
            participants.append(participants_item)



        share_token = self.share_token

        scene = self.scene


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "group": group,
            "product": product,
            "basis": basis,
            "tiers": tiers,
            "participants": participants,
            "share_token": share_token,
            "scene": scene,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.group_progress import GroupProgress # noqa: PLC0415
        from ..models.participant_public import ParticipantPublic # noqa: PLC0415
        from ..models.share_product import ShareProduct # noqa: PLC0415
        from ..models.tier_public import TierPublic # noqa: PLC0415
        d = dict(src_dict)
        group = GroupProgress.from_dict(d.pop("group"))




        product = ShareProduct.from_dict(d.pop("product"))




        basis = GroupSharePageBasis(d.pop("basis"))




        tiers = []
        _tiers = d.pop("tiers")
        for tiers_item_data in (_tiers):
            tiers_item = TierPublic.from_dict(tiers_item_data)



            tiers.append(tiers_item)


        participants = []
        _participants = d.pop("participants")
        for participants_item_data in (_participants):
            participants_item = ParticipantPublic.from_dict(participants_item_data)



            participants.append(participants_item)


        share_token = d.pop("share_token")

        scene = d.pop("scene")

        group_share_page = cls(
            group=group,
            product=product,
            basis=basis,
            tiers=tiers,
            participants=participants,
            share_token=share_token,
            scene=scene,
        )


        group_share_page.additional_properties = d
        return group_share_page

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
