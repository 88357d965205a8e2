from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.rule_set_earners import RuleSetEarners
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.rule_set_leader_role_rates import RuleSetLeaderRoleRates
  from ..models.rule_set_rates import RuleSetRates
  from ..models.rule_set_role_rates import RuleSetRoleRates





T = TypeVar("T", bound="RuleSet")



@_attrs_define
class RuleSet:
    """ Validated on construction (``ValueError``); ``warnings`` lists what an admin must be told.

        Attributes:
            max_levels (int | Unset): Tree levels paid: 2 by default, 3 accepted with a warning Default: 2.
            cap_permille (int | Unset): The most all levels together pay Default: 150.
            rates (RuleSetRates | Unset): Tree level (1 = direct referrer) → beneficiary level → ‰
            role_rates (RuleSetRoleRates | Unset): Rates for products of a role instead of ``rates`` (traffic products pay
                nothing)
            earners (RuleSetEarners | Unset):  Default: RuleSetEarners.MEMBERS.
            leader_rate_permille (int | Unset):  Default: 30.
            leader_role_rates (RuleSetLeaderRoleRates | Unset):
            new_member_reward_fen (int | Unset):  Default: 500.
     """

    max_levels: int | Unset = 2
    cap_permille: int | Unset = 150
    rates: RuleSetRates | Unset = UNSET
    role_rates: RuleSetRoleRates | Unset = UNSET
    earners: RuleSetEarners | Unset = RuleSetEarners.MEMBERS
    leader_rate_permille: int | Unset = 30
    leader_role_rates: RuleSetLeaderRoleRates | Unset = UNSET
    new_member_reward_fen: int | Unset = 500





    def to_dict(self) -> dict[str, Any]:
        from ..models.rule_set_leader_role_rates import RuleSetLeaderRoleRates # noqa: PLC0415
        from ..models.rule_set_rates import RuleSetRates # noqa: PLC0415
        from ..models.rule_set_role_rates import RuleSetRoleRates # noqa: PLC0415
        max_levels = self.max_levels

        cap_permille = self.cap_permille

        rates: dict[str, Any] | Unset = UNSET
        if not isinstance(self.rates, Unset):
            rates = self.rates.to_dict()

        role_rates: dict[str, Any] | Unset = UNSET
        if not isinstance(self.role_rates, Unset):
            role_rates = self.role_rates.to_dict()

        earners: str | Unset = UNSET
        if not isinstance(self.earners, Unset):
            earners = self.earners.value


        leader_rate_permille = self.leader_rate_permille

        leader_role_rates: dict[str, Any] | Unset = UNSET
        if not isinstance(self.leader_role_rates, Unset):
            leader_role_rates = self.leader_role_rates.to_dict()

        new_member_reward_fen = self.new_member_reward_fen


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if max_levels is not UNSET:
            field_dict["max_levels"] = max_levels
        if cap_permille is not UNSET:
            field_dict["cap_permille"] = cap_permille
        if rates is not UNSET:
            field_dict["rates"] = rates
        if role_rates is not UNSET:
            field_dict["role_rates"] = role_rates
        if earners is not UNSET:
            field_dict["earners"] = earners
        if leader_rate_permille is not UNSET:
            field_dict["leader_rate_permille"] = leader_rate_permille
        if leader_role_rates is not UNSET:
            field_dict["leader_role_rates"] = leader_role_rates
        if new_member_reward_fen is not UNSET:
            field_dict["new_member_reward_fen"] = new_member_reward_fen

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rule_set_leader_role_rates import RuleSetLeaderRoleRates # noqa: PLC0415
        from ..models.rule_set_rates import RuleSetRates # noqa: PLC0415
        from ..models.rule_set_role_rates import RuleSetRoleRates # noqa: PLC0415
        d = dict(src_dict)
        max_levels = d.pop("max_levels", UNSET)

        cap_permille = d.pop("cap_permille", UNSET)

        _rates = d.pop("rates", UNSET)
        rates: RuleSetRates | Unset
        if isinstance(_rates,  Unset):
            rates = UNSET
        else:
            rates = RuleSetRates.from_dict(_rates)




        _role_rates = d.pop("role_rates", UNSET)
        role_rates: RuleSetRoleRates | Unset
        if isinstance(_role_rates,  Unset):
            role_rates = UNSET
        else:
            role_rates = RuleSetRoleRates.from_dict(_role_rates)




        _earners = d.pop("earners", UNSET)
        earners: RuleSetEarners | Unset
        if isinstance(_earners,  Unset):
            earners = UNSET
        else:
            earners = RuleSetEarners(_earners)




        leader_rate_permille = d.pop("leader_rate_permille", UNSET)

        _leader_role_rates = d.pop("leader_role_rates", UNSET)
        leader_role_rates: RuleSetLeaderRoleRates | Unset
        if isinstance(_leader_role_rates,  Unset):
            leader_role_rates = UNSET
        else:
            leader_role_rates = RuleSetLeaderRoleRates.from_dict(_leader_role_rates)




        new_member_reward_fen = d.pop("new_member_reward_fen", UNSET)

        rule_set = cls(
            max_levels=max_levels,
            cap_permille=cap_permille,
            rates=rates,
            role_rates=role_rates,
            earners=earners,
            leader_rate_permille=leader_rate_permille,
            leader_role_rates=leader_role_rates,
            new_member_reward_fen=new_member_reward_fen,
        )

        return rule_set

