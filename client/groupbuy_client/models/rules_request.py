from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.rules_request_earners import RulesRequestEarners
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.rules_request_leader_role_rates import RulesRequestLeaderRoleRates
  from ..models.rules_request_rates import RulesRequestRates
  from ..models.rules_request_role_rates import RulesRequestRoleRates





T = TypeVar("T", bound="RulesRequest")



@_attrs_define
class RulesRequest:
    """ A new version of the earning rules (every field, as in ``GET``), in force from ``effective_from``
    (now when omitted; never in the past: orders already paid keep the rules they were paid under).

        Attributes:
            max_levels (int | Unset): Tree levels paid: 2 by default, 3 accepted with a warning Default: 2.
            cap_permille (int | Unset): The most all levels together pay Default: 150.
            rates (RulesRequestRates | Unset): Tree level (1 = direct referrer) → beneficiary level → ‰
            role_rates (RulesRequestRoleRates | Unset): Rates for products of a role instead of ``rates`` (traffic products
                pay nothing)
            earners (RulesRequestEarners | Unset):  Default: RulesRequestEarners.MEMBERS.
            leader_rate_permille (int | Unset):  Default: 30.
            leader_role_rates (RulesRequestLeaderRoleRates | Unset):
            new_member_reward_fen (int | Unset):  Default: 500.
            effective_from (datetime.datetime | None | Unset):
            note (str | Unset):  Default: ''.
     """

    max_levels: int | Unset = 2
    cap_permille: int | Unset = 150
    rates: RulesRequestRates | Unset = UNSET
    role_rates: RulesRequestRoleRates | Unset = UNSET
    earners: RulesRequestEarners | Unset = RulesRequestEarners.MEMBERS
    leader_rate_permille: int | Unset = 30
    leader_role_rates: RulesRequestLeaderRoleRates | Unset = UNSET
    new_member_reward_fen: int | Unset = 500
    effective_from: datetime.datetime | None | Unset = UNSET
    note: str | Unset = ''





    def to_dict(self) -> dict[str, Any]:
        from ..models.rules_request_leader_role_rates import RulesRequestLeaderRoleRates # noqa: PLC0415
        from ..models.rules_request_rates import RulesRequestRates # noqa: PLC0415
        from ..models.rules_request_role_rates import RulesRequestRoleRates # noqa: PLC0415
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

        effective_from: None | str | Unset
        if isinstance(self.effective_from, Unset):
            effective_from = UNSET
        elif isinstance(self.effective_from, datetime.datetime):
            effective_from = self.effective_from.isoformat()
        else:
            effective_from = self.effective_from

        note = self.note


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
        if effective_from is not UNSET:
            field_dict["effective_from"] = effective_from
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rules_request_leader_role_rates import RulesRequestLeaderRoleRates # noqa: PLC0415
        from ..models.rules_request_rates import RulesRequestRates # noqa: PLC0415
        from ..models.rules_request_role_rates import RulesRequestRoleRates # noqa: PLC0415
        d = dict(src_dict)
        max_levels = d.pop("max_levels", UNSET)

        cap_permille = d.pop("cap_permille", UNSET)

        _rates = d.pop("rates", UNSET)
        rates: RulesRequestRates | Unset
        if isinstance(_rates,  Unset):
            rates = UNSET
        else:
            rates = RulesRequestRates.from_dict(_rates)




        _role_rates = d.pop("role_rates", UNSET)
        role_rates: RulesRequestRoleRates | Unset
        if isinstance(_role_rates,  Unset):
            role_rates = UNSET
        else:
            role_rates = RulesRequestRoleRates.from_dict(_role_rates)




        _earners = d.pop("earners", UNSET)
        earners: RulesRequestEarners | Unset
        if isinstance(_earners,  Unset):
            earners = UNSET
        else:
            earners = RulesRequestEarners(_earners)




        leader_rate_permille = d.pop("leader_rate_permille", UNSET)

        _leader_role_rates = d.pop("leader_role_rates", UNSET)
        leader_role_rates: RulesRequestLeaderRoleRates | Unset
        if isinstance(_leader_role_rates,  Unset):
            leader_role_rates = UNSET
        else:
            leader_role_rates = RulesRequestLeaderRoleRates.from_dict(_leader_role_rates)




        new_member_reward_fen = d.pop("new_member_reward_fen", UNSET)

        def _parse_effective_from(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                effective_from_type_0 = datetime.datetime.fromisoformat(data)



                return effective_from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        effective_from = _parse_effective_from(d.pop("effective_from", UNSET))


        note = d.pop("note", UNSET)

        rules_request = cls(
            max_levels=max_levels,
            cap_permille=cap_permille,
            rates=rates,
            role_rates=role_rates,
            earners=earners,
            leader_rate_permille=leader_rate_permille,
            leader_role_rates=leader_role_rates,
            new_member_reward_fen=new_member_reward_fen,
            effective_from=effective_from,
            note=note,
        )

        return rules_request

