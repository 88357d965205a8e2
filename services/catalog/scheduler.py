"""The catalog's background work: materialise the campaign calendar a configurable number of days
ahead (idempotently: one activity per template occurrence), and build flash-sale counters for sales
that go live or whose counters Redis lost.  Every catalog process runs it; the unique constraints and
the rebuild lock make that safe."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import timedelta

import sqlalchemy as sa
from fastapi import FastAPI
from sqlmodel import col, select

from common.clock import now
from common.db import Database
from common.tasks import background
from services.catalog.domain.calendar import local_midnight, occurrences
from services.catalog.flash import FlashStock, rebuild_live
from services.catalog.models import Activity, CampaignTemplate, PromotionDay
from services.catalog.reconcile import settle_stale
from services.catalog.schemas import MaterialiseResult, PlannedOccurrence

log = logging.getLogger("groupbuy.catalog.scheduler")


async def materialise(db: Database, *, days: int, dry_run: bool = False) -> MaterialiseResult:
    """The concrete activities and promotion days of the active templates over the coming ``days``: made
    (each once, however often this runs) or, with ``dry_run``, only listed — ``planned`` names every
    occurrence and whether it exists already."""
    start = now()
    until = start + timedelta(days=days)
    created_activities = created_days = 0
    planned: list[PlannedOccurrence] = []
    async with db.read_sessions() as session:
        templates = (await session.exec(select(CampaignTemplate).where(col(CampaignTemplate.active).is_(True)))).all()
    for template in templates:
        moments = occurrences(rule=template.rrule, start_date=local_midnight(template.start_date),
                              start_time=template.start_time, window_from=start, window_to=until)
        for moment in moments:
            ends = moment + timedelta(seconds=template.duration_s)
            async with db.write_sessions() as session:
                if template.kind == "promotion_day":
                    exists = (await session.exec(select(PromotionDay.id).where(
                        PromotionDay.template_id == template.id, PromotionDay.starts_at == moment))).first()
                    if exists is None and not dry_run:
                        session.add(PromotionDay(template_id=template.id, starts_at=moment, ends_at=ends,
                                                 reward_multiplier=template.reward_multiplier or 1))
                        created_days += 1
                else:
                    exists = (await session.exec(select(Activity.id).where(
                        Activity.template_id == template.id, Activity.starts_at == moment))).first()
                    if exists is None and not dry_run:
                        session.add(Activity(kind=template.kind, title=template.name, sku_id=template.sku_id,
                                             starts_at=moment, ends_at=ends, terms=template.terms or {},
                                             template_id=template.id))
                        created_activities += 1
                planned.append(PlannedOccurrence(template_id=template.id, name=template.name, kind=template.kind,
                                                 starts_at=moment, ends_at=ends, exists=exists is not None))
                if dry_run:
                    continue
                try:
                    await session.commit()
                except sa.exc.IntegrityError:
                    # Another catalog process materialised the same occurrence first.
                    await session.rollback()
    return MaterialiseResult(activities_created=created_activities, promotion_days_created=created_days,
                             until=until, dry_run=dry_run, planned=sorted(planned, key=lambda p: p.starts_at))


@contextlib.asynccontextmanager
async def run_scheduler(app: FastAPI) -> AsyncIterator[None]:
    settings = app.state.settings

    async def loop() -> None:
        last_materialised = None
        while True:
            try:
                await rebuild_live(app.state.db, app.state.flash)
                settled = await settle_stale(db=app.state.db, http=app.state.http, settings=settings,
                                             stock=app.state.flash)
                if settled:
                    log.info("stale reservations settled", extra={"count": settled})
                if last_materialised is None or now() - last_materialised >= timedelta(
                        seconds=settings.materialise_every_s):
                    result = await materialise(app.state.db, days=settings.calendar_days_ahead)
                    last_materialised = now()
                    if result.activities_created or result.promotion_days_created:
                        log.info("calendar materialised", extra=result.model_dump(mode="json"))
            except Exception:
                log.exception("scheduler pass failed; trying again")
            await asyncio.sleep(settings.scheduler_poll_s)

    app.state.flash = FlashStock(app.state.redis, settings.redis)
    async with background(loop(), "catalog-scheduler"):
        yield
