"""Ops publish versions of the earning rules; an order is rebated under the version in force when it
was paid (``ledger.rules_in_force``).  A version may start now or later, never in the past.  Three tree
levels are accepted with a warning (logged, and in the answer); more are refused (422)."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.auth import Identity
from common.clock import now
from common.problems import Problem
from services.referrals.domain.rules import RuleSet
from services.referrals.ledger import DEFAULT_VERSION, rules_in_force
from services.referrals.models import RuleVersion
from services.referrals.schemas import RulesRequest, RuleVersionPublic

log = logging.getLogger("groupbuy.referrals.rules")

CLOCK_SKEW = timedelta(seconds=5)


def _public(row: RuleVersion, in_force: int) -> RuleVersionPublic:
    rules = RuleSet.model_validate(row.rules)
    return RuleVersionPublic(version=row.version or 0, rules=rules, effective_from=row.effective_from,
                             created_by=row.created_by, note=row.note, in_force=row.version == in_force,
                             warnings=list(rules.warnings))


async def versions(*, session: AsyncSession, default: RuleSet) -> list[RuleVersionPublic]:
    """Every version, the latest first, ending with the configured default (version 0)."""
    in_force, _ = await rules_in_force(session, now(), default)
    rows = (await session.exec(select(RuleVersion).order_by(col(RuleVersion.version).desc()))).all()
    return [_public(row, in_force) for row in rows] + [RuleVersionPublic(
        version=DEFAULT_VERSION, rules=default, effective_from=None, created_by=None, note="configured default",
        in_force=in_force == DEFAULT_VERSION, warnings=list(default.warnings))]


async def publish(*, session: AsyncSession, caller: Identity, body: RulesRequest) -> RuleVersionPublic:
    at = now()
    effective_from = body.effective_from or at
    if effective_from < at - CLOCK_SKEW:
        raise Problem(422, "validation_error", "A rule version cannot start in the past",
                      errors=[{"field": "body.effective_from", "message": "in the past", "type": "value_error"}])
    rules = body.rule_set()
    row = RuleVersion(rules=rules.model_dump(mode="json"), effective_from=max(effective_from, at),
                      created_by=caller.user_id or 0, note=body.note)
    session.add(row)
    await session.flush()
    in_force, _ = await rules_in_force(session, now(), rules)
    answer = _public(row, in_force)
    await session.commit()
    for warning in rules.warnings:
        log.warning("rule version %s: %s", answer.version, warning, extra={"version": answer.version})
    return answer
